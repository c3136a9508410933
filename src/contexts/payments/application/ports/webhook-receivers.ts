import type { PaymentProvider } from '../../domain/provider-notifications';

export interface WebhookReceiver {
  /** the current secret first, then the previous one while a rotation lasts */
  secrets: string[];
  toleranceSeconds: number;
}

/** A tenant's configured webhook receivers (`PUT /api/v1/admin/integrations/payments`). */
export abstract class WebhookReceivers {
  /** The receiver for `provider`, or null when the tenant does not exist or has not set its secret. */
  abstract receiver(tenantId: string, provider: PaymentProvider): Promise<WebhookReceiver | null>;
}
