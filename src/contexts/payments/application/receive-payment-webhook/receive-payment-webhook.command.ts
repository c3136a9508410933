import { Command } from '../../../../shared/ddd/command';
import type { PaymentProvider } from '../../domain/provider-notifications';
import type { PaymentOutcome } from '../payments-metrics';

export interface WebhookRequest {
  rawBody: Buffer;
  /** lower-case names */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

/** One webhook delivery, as received: verified against the raw bytes before anything is parsed. */
export class ReceivePaymentWebhookCommand extends Command<PaymentOutcome> {
  constructor(
    tenantId: string,
    readonly provider: PaymentProvider,
    readonly request: WebhookRequest,
  ) {
    super(tenantId);
  }
}
