import { IntegrationEvent } from '../../../shared/ddd/domain-event';

export interface ReceivablePayload {
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string | null;
  amountCents: number;
  openCents: number;
  /**
   * The receivable's own version: IXC's `ultima_atualizacao` (`yyyy-mm-dd hh:mm:ss`, IXC's clock) of the
   * row the event was fired from; every IXC write moves it. Consumers compare it to tell an older event
   * from a newer one whatever the order they get them in. Absent in events written before it was added,
   * null when IXC holds none.
   */
  updatedAt?: string | null;
}

/**
 * The debtor's contact data as mirrored from IXC when the event was fired, so consumers need not query
 * sync-ixc (event-carried state). Phones as mirrored: E.164 (`+5579998307232`, a missing mobile 9th digit
 * restored), null when IXC holds none or nothing valid; e-mail null when blank or invalid.
 */
export interface CustomerContact {
  name: string;
  document: string | null;
  email: string | null;
  mobilePhone: string | null;
  whatsapp: string | null;
  /** IXC `tipo_pessoa`: F (person) or J (company) */
  personType: string | null;
}

export type ReceivableOverduePayload = ReceivablePayload & {
  daysOverdue: number;
  /** Absent in events written before it was added, or when the customer is not mirrored yet. */
  customer?: CustomerContact;
};

/** An open receivable is past its due date (once per receivable and due date). */
export class ReceivableOverdueEvent extends IntegrationEvent<ReceivableOverduePayload> {
  static readonly ROUTING_KEY = 'sync_ixc.receivable.overdue.v1';
  readonly routingKey = ReceivableOverdueEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: ReceivableOverduePayload) {
    super(tenantId, payload, { orderingKey: `receivable:${payload.receivableId}` });
  }
}

export type ReceivableDueSoonPayload = ReceivablePayload & {
  /** 0 (due today) to IXC_DUE_SOON_DAYS, in the tenant's calendar when fired */
  daysUntilDue: number;
  /** Absent when the customer is not mirrored yet. */
  customer?: CustomerContact;
};

/**
 * An open, released receivable falls due within the next IXC_DUE_SOON_DAYS days (tenant's calendar);
 * fired once per receivable and due date (a new due date fires again).
 */
export class ReceivableDueSoonEvent extends IntegrationEvent<ReceivableDueSoonPayload> {
  static readonly ROUTING_KEY = 'sync_ixc.receivable.due_soon.v1';
  readonly routingKey = ReceivableDueSoonEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: ReceivableDueSoonPayload) {
    super(tenantId, payload, { orderingKey: `receivable:${payload.receivableId}` });
  }
}

/** A receivable that was open in the mirror is now received (status R). */
export class ReceivablePaidEvent extends IntegrationEvent<ReceivablePayload & { paidAt: string | null }> {
  static readonly ROUTING_KEY = 'sync_ixc.receivable.paid.v1';
  readonly routingKey = ReceivablePaidEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: ReceivablePayload & { paidAt: string | null }) {
    super(tenantId, payload, { orderingKey: `receivable:${payload.receivableId}` });
  }
}

/** A receivable that was open in the mirror is now cancelled (status C): nobody should chase it. */
export class ReceivableCancelledEvent extends IntegrationEvent<ReceivablePayload> {
  static readonly ROUTING_KEY = 'sync_ixc.receivable.cancelled.v1';
  readonly routingKey = ReceivableCancelledEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: ReceivablePayload) {
    super(tenantId, payload, { orderingKey: `receivable:${payload.receivableId}` });
  }
}

/** An open receivable reached the tenant's overdue threshold (default 20 days); fired once per threshold. */
export class ReceivableOverdueThresholdReachedEvent extends IntegrationEvent<
  ReceivablePayload & { daysOverdue: number; thresholdDays: number }
> {
  static readonly ROUTING_KEY = 'sync_ixc.receivable.overdue_threshold_reached.v1';
  readonly routingKey = ReceivableOverdueThresholdReachedEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: ReceivablePayload & { daysOverdue: number; thresholdDays: number }) {
    super(tenantId, payload, { orderingKey: `receivable:${payload.receivableId}` });
  }
}
