import { IntegrationEvent } from '../../../shared/ddd/domain-event';

export interface CaseOpenedPayload {
  caseId: string;
  /** `ixc` (sync-ixc receivables) or `clinic` (debtor-sync installments) */
  source: string;
  /** the source's own ids (IXC customer / contract / receivable ids; clinic patient / contract / installment ids) */
  debtorId: string;
  contractId: string | null;
  /** the debts the case opened with (later ones join it without a new event) */
  debts: Array<{ debtId: string; dueDate: string; amountCents: number; openCents: number }>;
  openCents: number;
  oldestDueDate: string;
  thresholdDays: number;
  debtor: { name: string; document: string | null } | null;
}

/**
 * A debtor + contract was escalated to collections (`DebtEscalated`): one case opened. The regular dunning
 * cadence stops chasing that contract's debts; the collections team is alerted.
 */
export class CaseOpenedEvent extends IntegrationEvent<CaseOpenedPayload> {
  static readonly ROUTING_KEY = 'debt_escalation.case.opened.v1';
  readonly routingKey = CaseOpenedEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: CaseOpenedPayload) {
    super(tenantId, payload, { orderingKey: `case:${payload.caseId}` });
  }
}

export interface CaseDebtsJoinedPayload {
  caseId: string;
  source: string;
  debtorId: string;
  contractId: string | null;
  /** the debts that joined the open case now */
  debts: Array<{ debtId: string; dueDate: string; amountCents: number; openCents: number }>;
}

/** Later debts of a debtor + contract joined its open case: they leave the regular cadence too. */
export class CaseDebtsJoinedEvent extends IntegrationEvent<CaseDebtsJoinedPayload> {
  static readonly ROUTING_KEY = 'debt_escalation.case.debts_joined.v1';
  readonly routingKey = CaseDebtsJoinedEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: CaseDebtsJoinedPayload) {
    super(tenantId, payload, { orderingKey: `case:${payload.caseId}` });
  }
}

export interface CaseClosedPayload {
  caseId: string;
  source: string;
  debtorId: string;
  contractId: string | null;
  /** settled (paid), written_off (given up) or returned (back to the regular cadence) */
  state: 'settled' | 'written_off' | 'returned';
  recoveredCents: number;
  openCents: number;
  by: string;
}

/** A collection case closed; `returned` hands its still-open debts back to the regular cadence. */
export class CaseClosedEvent extends IntegrationEvent<CaseClosedPayload> {
  static readonly ROUTING_KEY = 'debt_escalation.case.closed.v1';
  readonly routingKey = CaseClosedEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: CaseClosedPayload) {
    super(tenantId, payload, { orderingKey: `case:${payload.caseId}` });
  }
}
