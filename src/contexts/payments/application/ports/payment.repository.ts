import type { FoundReceivable } from '../../../sync-ixc/contracts';
import type { PaymentRecordedEvent } from '../../contracts';
import type { NotifiedPayment } from '../../domain/payment-notification';
import type { PaymentProvider } from '../../domain/provider-notifications';

export interface Delivery {
  tenantId: string;
  provider: PaymentProvider;
  eventId: string;
}

export type RecordedOutcome =
  | { status: 'duplicate_event' }
  | { status: 'duplicate_payment'; paymentId: string }
  | { status: 'recorded'; paymentId: string; matched: boolean };

export interface PaymentView {
  id: string;
  provider: string;
  providerPaymentId: string;
  amountCents: number;
  paidAt: string | null;
  method: string | null;
  externalReference: string | null;
  erpReference: string | null;
  matched: boolean;
  matchedBy: string | null;
  receivableId: string | null;
  customerId: string | null;
  contractId: string | null;
  receivedAt: string;
  restoredAt: string | null;
}

export interface PaymentFilter {
  matched?: boolean;
  limit: number;
  offset: number;
}

/** Deliveries and payments (`payments.webhook_deliveries`, `payments.payments`). */
export abstract class PaymentRepository {
  /** Stores a delivery that records no payment; false when its event id was seen before. */
  abstract recordDelivery(delivery: Delivery, outcome: 'ignored' | 'lookup_needed'): Promise<boolean>;

  /**
   * Atomically: the delivery (once per event id), the payment (once per provider payment id, received at
   * `receivedAt`) and, for a new matched payment, the event `announce` builds, through the outbox.
   */
  abstract recordPayment(
    delivery: Delivery,
    payment: NotifiedPayment,
    match: FoundReceivable | null,
    receivedAt: Date,
    announce: (paymentId: string, receivedAt: Date) => PaymentRecordedEvent,
  ): Promise<RecordedOutcome>;

  abstract list(tenantId: string, filter: PaymentFilter): Promise<{ items: PaymentView[]; total: number }>;

  /**
   * The contract's line came back: marks its newest matched payment not yet restored (within a day) and
   * returns the seconds from its receipt, or null when no payment waited for it.
   */
  abstract markRestored(tenantId: string, contractId: string, at: Date): Promise<number | null>;
}
