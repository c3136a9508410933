import { IntegrationEvent } from '../../../shared/ddd/domain-event';

export interface ReceivablePayload {
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string | null;
  amountCents: number;
  openCents: number;
}

/** An open receivable is past its due date (once per receivable and due date). */
export class ReceivableOverdueEvent extends IntegrationEvent<ReceivablePayload & { daysOverdue: number }> {
  static readonly ROUTING_KEY = 'sync_ixc.receivable.overdue.v1';
  readonly routingKey = ReceivableOverdueEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: ReceivablePayload & { daysOverdue: number }) {
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
