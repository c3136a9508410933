import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import {
  CaseDebtsJoinedEvent,
  CaseOpenedEvent,
  type CaseDebtsJoinedPayload,
} from '../../../debt-escalation/contracts';
import { StopEscalatedDebtsCommand } from '../stop-escalated-debts/stop-escalated-debts.command';

/**
 * debt-escalation's `DebtEscalated` (a case opened) and later debts joining that case: the cadence stops
 * for them.
 */
@MessageConsumer({
  name: 'notification_flow.escalated_debts',
  routingKeys: [CaseOpenedEvent.ROUTING_KEY, CaseDebtsJoinedEvent.ROUTING_KEY],
})
export class WhenDebtEscalatedStopCadencePolicy implements MessageHandler<CaseDebtsJoinedPayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<CaseDebtsJoinedPayload>, tx: EntityManager): Promise<void> {
    const p = message.payload;
    if (!message.tenantId || !Array.isArray(p.debts)) return;
    await this.commands.execute(
      new StopEscalatedDebtsCommand(message.tenantId, p.source, p.debtorId, p.contractId, p.debts, tx),
    );
  }
}
