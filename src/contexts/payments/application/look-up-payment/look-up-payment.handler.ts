import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentsMetrics, type PaymentOutcome } from '../payments-metrics';
import { LookupRepository } from '../ports/lookup.repository';
import type { Delivery } from '../ports/payment.repository';
import { PaymentLookupFailedError, PaymentLookups } from '../ports/payment-lookups';
import { announcePayment, ReceivableMatcher } from '../receivable-matcher';
import { LookUpPaymentCommand } from './look-up-payment.command';

/**
 * The provider's API says what the notification did not: an approved payment is matched and recorded
 * exactly like a full notification's (once per provider payment id, announced through the outbox); any
 * other status, or an unknown payment, settles the delivery with nothing paid. A failed lookup is
 * counted on the delivery and thrown, so the broker retries it with backoff; the last failure marks the
 * delivery `lookup_failed` (listed for operators, the message dead-lettered and replayable).
 */
@CommandHandler(LookUpPaymentCommand)
export class LookUpPaymentHandler implements ICommandHandler<LookUpPaymentCommand, PaymentOutcome | null> {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly lookups: LookupRepository,
    private readonly api: PaymentLookups,
    private readonly matcher: ReceivableMatcher,
    private readonly metrics: PaymentsMetrics,
  ) {}

  async execute(command: LookUpPaymentCommand): Promise<PaymentOutcome | null> {
    const { provider, eventId, lastAttempt } = command;
    const tenantId = command.metadata.tenantId;
    const delivery: Delivery = { tenantId, provider, eventId };
    const providerPaymentId = await this.lookups.pending(delivery);
    if (providerPaymentId === null) return null;
    let found;
    try {
      found = await this.api.lookUp(tenantId, provider, providerPaymentId);
    } catch (error) {
      if (!(error instanceof PaymentLookupFailedError)) throw error;
      await this.lookups.failed(delivery, error.message, lastAttempt);
      this.logger.warn(
        { tenantId, provider, eventId, final: lastAttempt },
        `payment lookup failed${lastAttempt ? ' for good' : ', will retry'}: ${error.message}`,
      );
      if (lastAttempt) this.count(provider, 'lookup_failed');
      throw error;
    }
    if (!found.found) {
      const settled = await this.lookups.settle(delivery, 'not_found', null);
      return settled ? this.count(provider, 'not_found') : null;
    }
    if (!found.paid) {
      const settled = await this.lookups.settle(delivery, 'not_approved', found.status);
      return settled ? this.count(provider, 'not_approved') : null;
    }
    const payment = found.payment;
    const match = await this.matcher.match(tenantId, payment);
    const recorded = await this.lookups.recordPayment(
      delivery,
      payment,
      found.status,
      match,
      (paymentId, at) => announcePayment(tenantId, provider, paymentId, payment, match!, at),
    );
    if (recorded.status === 'duplicate_event') return null;
    if (recorded.status === 'duplicate_payment') return this.count(provider, 'duplicate');
    return this.count(provider, recorded.matched ? 'matched' : 'unmatched');
  }

  private count(provider: LookUpPaymentCommand['provider'], outcome: PaymentOutcome): PaymentOutcome {
    this.metrics.deliveries.inc({ provider, outcome });
    return outcome;
  }
}
