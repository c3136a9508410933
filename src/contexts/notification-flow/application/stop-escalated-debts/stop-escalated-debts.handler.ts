import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DebtIntake } from '../planning/debt-intake';
import { StopEscalatedDebtsCommand } from './stop-escalated-debts.command';

/**
 * Closes each escalated debt with reason `escalated` (a debt not known yet is remembered closed, so a later
 * overdue event cannot reopen it); when it was the debtor's last open debt, pending messages are cancelled.
 */
@CommandHandler(StopEscalatedDebtsCommand)
export class StopEscalatedDebtsHandler implements ICommandHandler<StopEscalatedDebtsCommand, void> {
  constructor(private readonly intake: DebtIntake) {}

  async execute(command: StopEscalatedDebtsCommand): Promise<void> {
    const { source, debtorId, contractId, tx } = command;
    for (const debt of command.debts) {
      await this.intake.close(
        tx,
        command.metadata.tenantId,
        {
          source,
          debtId: `${source}:${debt.debtId}`,
          debtorId: `${source}:${debtorId}`,
          contractId,
          dueDate: debt.dueDate,
          amountCents: debt.amountCents,
          sourceUpdatedAt: null,
        },
        'escalated',
      );
    }
  }
}
