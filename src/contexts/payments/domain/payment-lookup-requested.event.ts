import { IntegrationEvent } from '../../../shared/ddd/domain-event';

export interface PaymentLookupRequestedPayload {
  provider: string;
  /** the delivery's event id (its key in `payments.webhook_deliveries`) */
  eventId: string;
  providerPaymentId: string;
}

/**
 * A verified notification named a payment without its details. Internal to the context: it puts the
 * provider lookup behind the messaging backbone (retries with backoff, a dead letter when it never works,
 * at-least-once after a crash), so the webhook is answered at once and never with a 5xx.
 */
export class PaymentLookupRequestedEvent extends IntegrationEvent<PaymentLookupRequestedPayload> {
  static readonly ROUTING_KEY = 'payments.lookup.requested.v1';
  readonly routingKey = PaymentLookupRequestedEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: PaymentLookupRequestedPayload) {
    super(tenantId, payload, { orderingKey: `payment:${payload.provider}:${payload.providerPaymentId}` });
  }
}
