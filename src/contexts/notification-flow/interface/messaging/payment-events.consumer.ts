import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { PaymentRecordedEvent, type PaymentRecordedPayload } from '../../../payments/contracts';
import { WhenPaymentRecordedCloseDebtPolicy } from '../../application/policies/when-payment-recorded-close-debt.policy';

/** The payments context's events, translated for this context: each goes to its policy, in the inbox tx. */
@MessageConsumer({
  name: 'notification_flow.payments',
  routingKeys: [PaymentRecordedEvent.ROUTING_KEY],
})
export class PaymentEventsConsumer implements MessageHandler<PaymentRecordedPayload> {
  constructor(private readonly paymentRecorded: WhenPaymentRecordedCloseDebtPolicy) {}

  async handle(message: InboundMessage<PaymentRecordedPayload>, tx: EntityManager): Promise<void> {
    const tenantId = message.tenantId;
    if (!tenantId) throw new Error(`message ${message.messageId} has no tenant`);
    if (message.routingKey === PaymentRecordedEvent.ROUTING_KEY)
      await this.paymentRecorded.react({ tenantId, payload: message.payload }, tx);
  }
}
