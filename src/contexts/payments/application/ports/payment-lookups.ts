import type { NotifiedPayment } from '../../domain/payment-notification';
import type { PaymentProvider } from '../../domain/provider-notifications';

/** What the provider's API says about a payment a notification named. */
export type LookedUpPayment =
  | { found: false }
  | {
      found: true;
      /** the provider's own status (`approved`, `pending`, `rejected`…), bounded text */
      status: string;
      statusDetail: string | null;
      /** the customer paid: the payment is recorded exactly like one a notification carried in full */
      paid: boolean;
      payment: NotifiedPayment;
    };

/** The lookup could not be made now (timeout, 429, 5xx, bad token, unreadable answer): try again later. */
export class PaymentLookupFailedError extends Error {
  override name = 'PaymentLookupFailedError';
}

/** A provider's payments API, for notifications that carry only a payment id (Mercado Pago). */
export abstract class PaymentLookups {
  /** Throws PaymentLookupFailedError when the answer cannot be had now. */
  abstract lookUp(
    tenantId: string,
    provider: PaymentProvider,
    providerPaymentId: string,
  ): Promise<LookedUpPayment>;
}
