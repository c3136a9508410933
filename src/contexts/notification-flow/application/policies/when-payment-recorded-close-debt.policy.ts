import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { PaymentRecordedEvent, type PaymentRecordedPayload } from '../../../payments/contracts';
import { ClosePaidDebtCommand } from '../close-paid-debt/close-paid-debt.command';

/** A matched payment stops the cadence for that debt at once, without waiting for IXC to show it paid. */
@MessageConsumer({
  name: 'notification_flow.payments',
  routingKeys: [PaymentRecordedEvent.ROUTING_KEY],
})
export class WhenPaymentRecordedCloseDebtPolicy implements MessageHandler<PaymentRecordedPayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<PaymentRecordedPayload>, tx: EntityManager): Promise<void> {
    if (!message.tenantId) return;
    const p = message.payload;
    await this.commands.execute(
      new ClosePaidDebtCommand(
        message.tenantId,
        {
          receivableId: p.receivableId,
          customerId: p.customerId,
          contractId: p.contractId,
          dueDate: p.dueDate,
          amountCents: p.amountCents,
        },
        tx,
      ),
    );
  }
}
