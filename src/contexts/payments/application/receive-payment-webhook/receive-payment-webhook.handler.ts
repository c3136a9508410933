import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { verifyAsaasToken } from '../../domain/asaas-token';
import { verifyMercadoPagoSignature } from '../../domain/mercadopago-signature';
import { InvalidNotificationError } from '../../domain/payment-notification';
import { PaymentLookupRequestedEvent } from '../../domain/payment-lookup-requested.event';
import {
  mercadoPagoDataId,
  parseNotification,
  type PaymentProvider,
} from '../../domain/provider-notifications';
import { verifyReguaSignature } from '../../domain/regua-signature';
import type { SignedRequest, Verification } from '../../domain/verification';
import {
  InvalidWebhookBodyError,
  WebhookReceiverNotFoundError,
  WebhookSignatureError,
} from '../../payments.errors';
import { PaymentsMetrics, type PaymentOutcome } from '../payments-metrics';
import { LookupRepository } from '../ports/lookup.repository';
import { PaymentRepository, type Delivery } from '../ports/payment.repository';
import { announcePayment, ReceivableMatcher } from '../receivable-matcher';
import { WebhookReceivers, type WebhookReceiver } from '../ports/webhook-receivers';
import { ReceivePaymentWebhookCommand } from './receive-payment-webhook.command';

/**
 * Verify, then parse, then record: a delivery whose signature fails leaves only a counter and a log line
 * (never its body); a verified one is stored under its event id, so a replay or a duplicate is answered
 * like the first and changes nothing; a payment is recorded once per provider payment id and, when it
 * matches a mirrored receivable, announced through the outbox in the same transaction.
 */
@CommandHandler(ReceivePaymentWebhookCommand)
export class ReceivePaymentWebhookHandler implements ICommandHandler<
  ReceivePaymentWebhookCommand,
  PaymentOutcome
> {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly receivers: WebhookReceivers,
    private readonly payments: PaymentRepository,
    private readonly lookups: LookupRepository,
    private readonly matcher: ReceivableMatcher,
    private readonly metrics: PaymentsMetrics,
  ) {}

  async execute(command: ReceivePaymentWebhookCommand): Promise<PaymentOutcome> {
    const { provider, request } = command;
    const tenantId = command.metadata.tenantId;
    const receiver = await this.receivers.receiver(tenantId, provider);
    if (!receiver) throw new WebhookReceiverNotFoundError();
    const receivedAt = command.metadata.occurredAt;
    const verification = verify(provider, receiver, {
      ...request,
      now: Math.floor(receivedAt.getTime() / 1000),
    });
    if (!verification.ok) {
      this.count(provider, verification.reason);
      this.logger.warn(
        { tenantId, provider, reason: verification.reason, bytes: request.rawBody.length },
        `payment webhook refused: ${verification.reason}`,
      );
      throw new WebhookSignatureError();
    }
    let notification;
    try {
      notification = parseNotification(provider, request.rawBody);
    } catch (error) {
      if (!(error instanceof InvalidNotificationError)) throw error;
      this.count(provider, 'invalid');
      throw new InvalidWebhookBodyError(error.message);
    }
    const delivery: Delivery = { tenantId, provider, eventId: notification.eventId };
    if (notification.kind === 'ignored') {
      const fresh = await this.payments.recordDelivery(delivery, 'ignored');
      return this.count(provider, fresh ? 'ignored' : 'duplicate');
    }
    if (notification.kind === 'lookup') {
      // Answered at once; the lookup runs behind the broker (LookUpPaymentCommand), retried there.
      const { providerPaymentId } = notification;
      const request = new PaymentLookupRequestedEvent(tenantId, {
        provider,
        eventId: delivery.eventId,
        providerPaymentId,
      });
      const fresh = await this.lookups.requestLookup(delivery, providerPaymentId, request);
      return this.count(provider, fresh ? 'lookup_needed' : 'duplicate');
    }
    const payment = notification.payment;
    const match = await this.matcher.match(tenantId, payment);
    const recorded = await this.payments.recordPayment(
      delivery,
      payment,
      match,
      receivedAt,
      (paymentId, at) => announcePayment(tenantId, provider, paymentId, payment, match!, at),
    );
    if (recorded.status !== 'recorded') return this.count(provider, 'duplicate');
    return this.count(provider, recorded.matched ? 'matched' : 'unmatched');
  }

  private count(provider: PaymentProvider, outcome: PaymentOutcome): PaymentOutcome {
    this.metrics.deliveries.inc({ provider, outcome });
    return outcome;
  }
}

function verify(provider: PaymentProvider, receiver: WebhookReceiver, request: SignedRequest): Verification {
  switch (provider) {
    case 'regua':
      return verifyReguaSignature(request, receiver);
    case 'mercadopago':
      return verifyMercadoPagoSignature(request, receiver, mercadoPagoDataId(request.rawBody));
    case 'asaas':
      return verifyAsaasToken(request, receiver);
  }
}
