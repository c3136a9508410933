import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { addDays } from '../../../../shared/time/local-date';
import {
  ReceivableOverdueEvent,
  ReceivableOverdueThresholdReachedEvent,
  type ReceivableOverduePayload,
} from '../../../sync-ixc/contracts';
import { EscalateDebtsCommand } from '../escalate-debts/escalate-debts.command';
import { ixcDebt } from '../ports/ixc-debt';

/**
 * The event stream's fast path: an IXC receivable announced overdue (first seen already old, or past
 * sync-ixc's own threshold) escalates at once when it is past this tenant's threshold, in the consumer's
 * transaction. The day is the event's own (due date + days overdue in the tenant's calendar), so a late or
 * replayed event decides as it would have then; the open-case key makes a replay change nothing.
 */
@MessageConsumer({
  name: 'debt_escalation.ixc_overdue',
  routingKeys: [ReceivableOverdueEvent.ROUTING_KEY, ReceivableOverdueThresholdReachedEvent.ROUTING_KEY],
})
export class WhenReceivableOverdueEscalatePolicy implements MessageHandler<ReceivableOverduePayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<ReceivableOverduePayload>, tx: EntityManager): Promise<void> {
    const p = message.payload;
    if (!message.tenantId || !p.dueDate || !Number.isInteger(p.daysOverdue)) return;
    const today = addDays(p.dueDate, p.daysOverdue);
    await this.commands.execute(
      new EscalateDebtsCommand(message.tenantId, [ixcDebt({ ...p, dueDate: p.dueDate })], { today, tx }),
    );
  }
}
