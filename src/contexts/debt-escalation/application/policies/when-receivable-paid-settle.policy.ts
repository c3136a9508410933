import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import {
  ReceivableCancelledEvent,
  ReceivablePaidEvent,
  type ReceivablePayload,
} from '../../../sync-ixc/contracts';
import { CloseDebtsCommand } from '../close-debts/close-debts.command';

/** An escalated IXC receivable was paid or cancelled: its case settles when nothing is left owed. */
@MessageConsumer({
  name: 'debt_escalation.ixc_settlements',
  routingKeys: [ReceivablePaidEvent.ROUTING_KEY, ReceivableCancelledEvent.ROUTING_KEY],
})
export class WhenReceivablePaidSettlePolicy implements MessageHandler<ReceivablePayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<ReceivablePayload>, tx: EntityManager): Promise<void> {
    if (!message.tenantId) return;
    const status = message.routingKey === ReceivablePaidEvent.ROUTING_KEY ? 'paid' : 'cancelled';
    await this.commands.execute(
      new CloseDebtsCommand(
        message.tenantId,
        'ixc',
        [{ debtId: message.payload.receivableId, version: message.payload.updatedAt ?? null }],
        status,
        tx,
      ),
    );
  }
}
