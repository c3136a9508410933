import { CommandBus } from '@nestjs/cqrs';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import {
  EnforcementActionSettledEvent,
  type ActionSettledPayload,
} from '../../../telephony-enforcement/contracts';
import { MeasureRestoreCommand } from '../measure-restore/measure-restore.command';

/**
 * telephony-enforcement unblocked (or re-enabled) a line in Magnus: the payment that led to it is
 * restored. Marking it is idempotent (a payment is restored once), so the handler keeps its own state.
 */
@MessageConsumer({
  name: 'payments.line_restores',
  routingKeys: [EnforcementActionSettledEvent.ROUTING_KEY],
  ownTransactions: true,
})
export class WhenLineUnblockedMeasureRestorePolicy implements MessageHandler<ActionSettledPayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<ActionSettledPayload>): Promise<void> {
    const p = message.payload;
    const restored = (p.action === 'unblock' || p.action === 'enable') && !p.dryRun;
    if (!restored || !p.contractId || !message.tenantId) return;
    if (p.outcome !== 'applied' && p.outcome !== 'already_applied') return;
    await this.commands.execute(new MeasureRestoreCommand(message.tenantId, p.contractId, new Date(p.at)));
  }
}
