import { Command } from '../../../../shared/ddd/command';
import type { PaymentProvider } from '../../domain/provider-notifications';
import type { PaymentOutcome } from '../payments-metrics';

/**
 * Look up the payment a verified notification named (Mercado Pago sends only its id) and record it like
 * a full notification. `lastAttempt`: a failure now is final (the delivery is kept as `lookup_failed`).
 * Answers the outcome, or null when the delivery's lookup was settled before.
 */
export class LookUpPaymentCommand extends Command<PaymentOutcome | null> {
  constructor(
    tenantId: string,
    readonly provider: PaymentProvider,
    readonly eventId: string,
    readonly lastAttempt: boolean,
  ) {
    super(tenantId);
  }
}
