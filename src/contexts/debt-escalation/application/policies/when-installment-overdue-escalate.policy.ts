import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { addDays } from '../../../../shared/time/local-date';
import { InstallmentOverdueEvent, type InstallmentOverduePayload } from '../../../debtor-sync/contracts';
import { EscalateDebtsCommand } from '../escalate-debts/escalate-debts.command';
import { clinicDebtOfEvent } from '../ports/clinic-debt';

/**
 * The clinic fast path: an installment announced overdue escalates at once when it is past this tenant's
 * threshold, in the consumer's transaction, on the event's own day (due date + days overdue), as the IXC
 * policy does; the open-case key makes a replay change nothing.
 */
@MessageConsumer({
  name: 'debt_escalation.clinic_overdue',
  routingKeys: [InstallmentOverdueEvent.ROUTING_KEY],
})
export class WhenInstallmentOverdueEscalatePolicy implements MessageHandler<InstallmentOverduePayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<InstallmentOverduePayload>, tx: EntityManager): Promise<void> {
    const p = message.payload;
    if (!message.tenantId || !p?.dueDate || !Number.isInteger(p.daysOverdue) || !p.patient?.patientId) return;
    if (p.status !== 'open' || !(p.openCents > 0)) return;
    const today = addDays(p.dueDate, p.daysOverdue);
    await this.commands.execute(
      new EscalateDebtsCommand(message.tenantId, [clinicDebtOfEvent(p)], { today, tx }),
    );
  }
}
