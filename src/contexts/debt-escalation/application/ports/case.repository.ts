import type { EntityManager } from 'typeorm';
import type { IntegrationEvent } from '../../../../shared/ddd/domain-event';
import type { CaseState, CollectionCase } from '../../domain/collection-case.aggregate';
import type { CaseCandidate, ClosedDebt, DebtSource } from '../../domain/escalation-rule';

/** A consumer's transaction: the inbox row commits with the change. */
export type Tx = EntityManager;

export interface OpenedCase {
  caseId: string;
  candidate: CaseCandidate;
}

export interface EscalationResult {
  opened: OpenedCase[];
  /** debts that joined a case already open */
  joined: number;
  /** the cases debts joined, with those debts (`candidate.debts`) */
  joinedCases: OpenedCase[];
  /** debts left alone: already in a case (open or closed) */
  known: number;
}

export interface ClosedDebtsResult {
  /** cases whose every debt is now paid or cancelled, settled by this change */
  settled: Array<{ caseId: string; recoveredCents: number }>;
}

export interface CaseUpdateView {
  source: DebtSource;
  debtorId: string;
  contractId: string | null;
  openCents: number;
  recoveredCents: number;
}

/** The cases, their debts and history; every write goes with its outbox events in one transaction. */
export abstract class CaseRepository {
  /**
   * Opens one case per candidate (`INSERT … ON CONFLICT` on the open-case key: two jobs, a restart or a
   * replayed event all land on the same row) or joins the open one; debts already in any case are left
   * alone. `minAmountCents` only holds back new cases; `alert` queues a collections alert per new case.
   * `events` builds the outbox events of the cases this call opened and of the debts that joined one.
   */
  abstract escalate(
    tenantId: string,
    candidates: CaseCandidate[],
    options: { thresholdDays: number; minAmountCents: number; crmEnabled: boolean; alert: boolean; tx?: Tx },
    events: (opened: OpenedCase[], joined: OpenedCase[]) => IntegrationEvent[],
  ): Promise<EscalationResult>;

  /**
   * Marks debts paid/cancelled (a partial payment lowers what the debt owes and leaves it open); cases
   * with nothing left owed settle (history + `events`). Debts no case holds are remembered as closed
   * with their version, and `escalate` leaves them alone unless a newer version comes.
   */
  abstract closeDebts(
    tenantId: string,
    source: DebtSource,
    debts: ClosedDebt[],
    status: 'paid' | 'cancelled',
    tx: Tx | undefined,
    decide: (c: CollectionCase, openDebts: number, view: CaseUpdateView) => IntegrationEvent[],
  ): Promise<ClosedDebtsResult>;

  /** Forgets the tenant's debts remembered as closed more than `days` ago (late events come within days). */
  abstract pruneClosedDebts(tenantId: string, days: number): Promise<number>;

  /** Loads a case locked, lets `change` decide, saves the snapshot, appends its changes, writes `events`. */
  abstract update<T>(
    tenantId: string,
    caseId: string,
    change: (c: CollectionCase, view: CaseUpdateView) => { result: T; events: IntegrationEvent[] },
  ): Promise<T>;
}

export type { CaseState };
