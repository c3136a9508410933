import { CommandBus } from '@nestjs/cqrs';
import { groupBy } from '../../../../shared/collections/group-by';
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
 * Payments that arrived together: per tenant, the write-offs in order, then each customer read once;
 * a tenant whose write-offs are off (or who has no IXC) is asked once for the whole batch.
 */
@MessageConsumer({
  name: 'sync_ixc.payment_refreshes',
  routingKeys: [PaymentRecordedEvent.ROUTING_KEY],
  ownTransactions: true,
})
export class WhenPaymentRecordedRefreshCustomerPolicy implements MessageHandler<PaymentRecordedPayload> {
  constructor(private readonly commands: CommandBus) {}

  handle(message: InboundMessage<PaymentRecordedPayload>): Promise<void> {
    return this.handleBatch([message]);
  }

  async handleBatch(messages: Array<InboundMessage<PaymentRecordedPayload>>): Promise<void> {
    const byTenant = groupBy(
      messages,
      (m) => m.tenantId || undefined,
      (m) => m.payload,
    );
    for (const [tenantId, payments] of byTenant) await this.restore(tenantId, payments);
  }

  private async restore(tenantId: string, payments: PaymentRecordedPayload[]): Promise<void> {
    for (const p of payments) {
      const outcome = await this.commands.execute(
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
      // Off for this tenant: the same settings hold for the rest of the batch.
      if (outcome === 'disabled') break;
    }
    for (const customerId of new Set(payments.map((p) => p.customerId))) {
      const refreshed = await this.commands.execute(new RefreshCustomerCommand(tenantId, customerId));
      if (refreshed.notConfigured) break;
    }
  }
}
