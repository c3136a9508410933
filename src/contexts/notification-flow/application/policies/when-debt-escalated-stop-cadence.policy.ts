import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { CaseOpenedEvent, type CaseOpenedPayload } from '../../../debt-escalation/contracts';
import { StopEscalatedDebtsCommand } from '../stop-escalated-debts/stop-escalated-debts.command';

/** debt-escalation's `DebtEscalated` (a case opened): the cadence stops for that debtor + contract's debts. */
@MessageConsumer({
  name: 'notification_flow.escalated_debts',
  routingKeys: [CaseOpenedEvent.ROUTING_KEY],
})
export class WhenDebtEscalatedStopCadencePolicy implements MessageHandler<CaseOpenedPayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<CaseOpenedPayload>, tx: EntityManager): Promise<void> {
    const p = message.payload;
    if (!message.tenantId || !Array.isArray(p.debts)) return;
    await this.commands.execute(
      new StopEscalatedDebtsCommand(message.tenantId, p.source, p.debtorId, p.contractId, p.debts, tx),
    );
  }
}
