import { CommandBus } from '@nestjs/cqrs';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { LookUpPaymentCommand } from '../../application/look-up-payment/look-up-payment.command';
import {
  PaymentLookupRequestedEvent,
  type PaymentLookupRequestedPayload,
} from '../../domain/payment-lookup-requested.event';
import { isPaymentProvider } from '../../domain/provider-notifications';

const MAX_ATTEMPTS = 6;

/**
 * Looks up each payment a notification named only by id. Bounded retries with growing backoff (about
 * 13 minutes in all, while Mercado Pago retries its own notification every 15); the handler calls the
 * provider, so it keeps its own transactions and is idempotent on the delivery's state.
 */
@MessageConsumer({
  name: 'payments.lookups',
  routingKeys: [PaymentLookupRequestedEvent.ROUTING_KEY],
  maxAttempts: MAX_ATTEMPTS,
  retryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000],
  ownTransactions: true,
})
export class PaymentLookupsConsumer implements MessageHandler<PaymentLookupRequestedPayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<PaymentLookupRequestedPayload>): Promise<void> {
    const { provider, eventId } = message.payload;
    if (!message.tenantId) throw new Error(`message ${message.messageId} has no tenant`);
    if (!isPaymentProvider(provider)) throw new Error(`message ${message.messageId}: unknown provider`);
    await this.commands.execute(
      new LookUpPaymentCommand(message.tenantId, provider, eventId, message.attempt >= MAX_ATTEMPTS),
    );
  }
}
