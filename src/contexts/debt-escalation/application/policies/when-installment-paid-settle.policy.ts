import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import {
  InstallmentCancelledEvent,
  InstallmentPaidEvent,
  type InstallmentPayload,
} from '../../../debtor-sync/contracts';
import { CloseDebtsCommand } from '../close-debts/close-debts.command';

/** An escalated clinic installment was paid or cancelled: its case settles when nothing is left owed. */
@MessageConsumer({
  name: 'debt_escalation.clinic_settlements',
  routingKeys: [InstallmentPaidEvent.ROUTING_KEY, InstallmentCancelledEvent.ROUTING_KEY],
})
export class WhenInstallmentPaidSettlePolicy implements MessageHandler<InstallmentPayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<InstallmentPayload>, tx: EntityManager): Promise<void> {
    if (!message.tenantId || !message.payload?.installmentId) return;
    const status = message.routingKey === InstallmentPaidEvent.ROUTING_KEY ? 'paid' : 'cancelled';
    await this.commands.execute(
      new CloseDebtsCommand(
        message.tenantId,
        'clinic',
        [{ debtId: message.payload.installmentId, version: message.payload.version ?? null }],
        status,
        tx,
      ),
    );
  }
}
