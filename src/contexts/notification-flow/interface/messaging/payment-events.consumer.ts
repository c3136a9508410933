import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { PaymentRecordedEvent, type PaymentRecordedPayload } from '../../../payments/contracts';
import { WhenPaymentRecordedCloseDebtPolicy } from '../../application/policies/when-payment-recorded-close-debt.policy';

/**
 * The payments context's events, translated for this context: each goes to its policy, in the inbox tx;
 * a batch that arrived together goes as one (one statement for all its debts).
 */
@MessageConsumer({
  name: 'notification_flow.payments',
  routingKeys: [PaymentRecordedEvent.ROUTING_KEY],
})
export class PaymentEventsConsumer implements MessageHandler<PaymentRecordedPayload> {
  constructor(private readonly paymentRecorded: WhenPaymentRecordedCloseDebtPolicy) {}

  handle(message: InboundMessage<PaymentRecordedPayload>, tx: EntityManager): Promise<void> {
    return this.handleBatch([message], tx);
  }

  async handleBatch(
    messages: Array<InboundMessage<PaymentRecordedPayload>>,
    tx: EntityManager,
  ): Promise<void> {
    const events = messages
      .filter((m) => m.routingKey === PaymentRecordedEvent.ROUTING_KEY)
      .map((m) => {
        if (!m.tenantId) throw new Error(`message ${m.messageId} has no tenant`);
        return { tenantId: m.tenantId, payload: m.payload };
      });
    await this.paymentRecorded.reactToAll(events, tx);
  }
}
