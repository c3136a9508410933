import { CommandBus } from '@nestjs/cqrs';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { PaymentRecordedEvent, type PaymentRecordedPayload } from '../../../payments/contracts';
import { RecordPaymentWriteOffCommand } from '../record-payment-write-off/record-payment-write-off.command';
import { RefreshCustomerCommand } from '../refresh-customer/refresh-customer.command';

/**
 * Pay to restore: a matched payment is written off in IXC where the tenant enables it, then the
 * customer is read again from IXC at once (not at the next sync), so a contract IXC unblocks fires
 * ContractStatusChanged and telephony-enforcement's fast path brings the line back. Both steps are
 * idempotent on their own state (the write-off claim, the mirror), hence `ownTransactions`: no
 * transaction is held open while IXC answers.
 */
@MessageConsumer({
  name: 'sync_ixc.payment_refreshes',
  routingKeys: [PaymentRecordedEvent.ROUTING_KEY],
  ownTransactions: true,
})
export class WhenPaymentRecordedRefreshCustomerPolicy implements MessageHandler<PaymentRecordedPayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<PaymentRecordedPayload>): Promise<void> {
    const tenantId = message.tenantId;
    if (!tenantId) return;
    const p = message.payload;
    await this.commands.execute(
      new RecordPaymentWriteOffCommand(tenantId, {
        paymentId: p.paymentId,
        receivableId: p.receivableId,
        amountCents: p.amountCents,
        paidAt: p.paidAt,
        method: p.method,
        provider: p.provider,
        providerPaymentId: p.providerPaymentId,
      }),
    );
    await this.commands.execute(new RefreshCustomerCommand(tenantId, p.customerId));
  }
}
