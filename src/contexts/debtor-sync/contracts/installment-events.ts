import { IntegrationEvent } from '../../../shared/ddd/domain-event';

/**
 * How to reach a clinic patient, carried by every event (event-carried state: consumers never read
 * debtor-sync's tables). Phones E.164, null when the clinic holds none valid. A minor (under 18 on the day the
 * event was written) must never be messaged directly: only `responsible`, when it has a contact.
 */
export interface PatientContact {
  patientId: string;
  name: string;
  /** 11 digits when valid, else null */
  cpf: string | null;
  email: string | null;
  mobilePhone: string | null;
  /** the number to use on WhatsApp (the mobile) */
  whatsapp: string | null;
  birthDate: string | null;
  minor: boolean;
  /** the payer the clinic names for the installments (a parent of a minor); null when none */
  responsible: { name: string; phone: string | null; email: string | null; relation: string | null } | null;
  /** false when the clinic turned friendly dunning off for the contract (no consent to be chased) */
  consent: boolean;
}

export interface InstallmentPayload {
  installmentId: string;
  contractId: string;
  /** Régua's id of the covered clinic (uuid) and the clinic API's own id */
  clinicId: string;
  clinicExternalId: string;
  clinicName: string;
  number: number;
  dueDate: string;
  amountCents: number;
  /** what is still owed: the amount while open, 0 once paid or cancelled */
  openCents: number;
  /** `open`, `paid` or `cancelled` (renegotiated or written off) */
  status: string;
  /** the clinic's own financial status text (`nomeStatusFinanceiro`) */
  rawStatus: string;
  /**
   * The installment's version: when Régua last saw it change (`yyyy-mm-dd hh:mm:ss.mmm`, UTC). Consumers
   * compare it to order events of one installment whatever the order they arrive in.
   */
  version: string;
  patient: PatientContact;
}

export type InstallmentOverduePayload = InstallmentPayload & { daysOverdue: number };
export type InstallmentDueSoonPayload = InstallmentPayload & { daysUntilDue: number };

/** An open installment is past its due date (once per installment and due date). */
export class InstallmentOverdueEvent extends IntegrationEvent<InstallmentOverduePayload> {
  static readonly ROUTING_KEY = 'debtor_sync.installment.overdue.v1';
  readonly routingKey = InstallmentOverdueEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: InstallmentOverduePayload) {
    super(tenantId, payload, { orderingKey: `installment:${payload.installmentId}` });
  }
}

/** An open installment falls due within DEBTOR_DUE_SOON_DAYS days (once per installment and due date). */
export class InstallmentDueSoonEvent extends IntegrationEvent<InstallmentDueSoonPayload> {
  static readonly ROUTING_KEY = 'debtor_sync.installment.due_soon.v1';
  readonly routingKey = InstallmentDueSoonEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: InstallmentDueSoonPayload) {
    super(tenantId, payload, { orderingKey: `installment:${payload.installmentId}` });
  }
}

/** An installment that was open in the mirror came back paid. */
export class InstallmentPaidEvent extends IntegrationEvent<InstallmentPayload> {
  static readonly ROUTING_KEY = 'debtor_sync.installment.paid.v1';
  readonly routingKey = InstallmentPaidEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: InstallmentPayload) {
    super(tenantId, payload, { orderingKey: `installment:${payload.installmentId}` });
  }
}

/** An installment that was open came back renegotiated or written off: nobody should chase it. */
export class InstallmentCancelledEvent extends IntegrationEvent<InstallmentPayload> {
  static readonly ROUTING_KEY = 'debtor_sync.installment.cancelled.v1';
  readonly routingKey = InstallmentCancelledEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: InstallmentPayload) {
    super(tenantId, payload, { orderingKey: `installment:${payload.installmentId}` });
  }
}
