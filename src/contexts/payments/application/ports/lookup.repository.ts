import type { FoundReceivable } from '../../../sync-ixc/contracts';
import type { PaymentRecordedEvent } from '../../contracts';
import type { NotifiedPayment } from '../../domain/payment-notification';
import type { PaymentLookupRequestedEvent } from '../../domain/payment-lookup-requested.event';
import type { Delivery, RecordedOutcome } from './payment.repository';

/** A delivery whose payment is still to be looked up, or whose lookup failed for good. */
export interface LookupView {
  provider: string;
  eventId: string;
  providerPaymentId: string;
  status: 'lookup_needed' | 'lookup_failed';
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  updatedAt: string | null;
}

/** Deliveries that name only a payment id, and what their lookup comes to (`payments.webhook_deliveries`). */
export abstract class LookupRepository {
  /**
   * Stores the delivery (`lookup_needed`, once per event id) and, for a new one, the lookup request
   * through the outbox in the same transaction; false when the event id was seen before.
   */
  abstract requestLookup(
    delivery: Delivery,
    providerPaymentId: string,
    request: PaymentLookupRequestedEvent,
  ): Promise<boolean>;

  /** The payment id still to be looked up for this delivery; null once its lookup was settled. */
  abstract pending(delivery: Delivery): Promise<string | null>;

  /** One more failed attempt, with its reason; `final` marks the delivery `lookup_failed`. */
  abstract failed(delivery: Delivery, error: string, final: boolean): Promise<void>;

  /** The provider answered, and there is nothing to pay: not found, or a status other than paid. */
  abstract settle(
    delivery: Delivery,
    outcome: 'not_found' | 'not_approved',
    providerStatus: string | null,
  ): Promise<boolean>;

  /**
   * In one transaction, while the delivery is still pending (locked, so concurrent lookups of one delivery
   * record once): the payment (once per provider payment id, received when the delivery was), the
   * delivery's outcome and, for a new matched payment, the event `announce` builds, through the outbox.
   */
  abstract recordPayment(
    delivery: Delivery,
    payment: NotifiedPayment,
    providerStatus: string,
    match: FoundReceivable | null,
    announce: (paymentId: string, receivedAt: Date) => PaymentRecordedEvent,
  ): Promise<RecordedOutcome>;

  /** The tenant's lookups not settled yet (pending or failed), newest first, at most `limit`. */
  abstract unsettled(tenantId: string, limit: number): Promise<LookupView[]>;
}
