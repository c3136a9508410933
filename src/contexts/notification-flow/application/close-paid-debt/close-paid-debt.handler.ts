import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DebtIntake } from '../planning/debt-intake';
import { ClosePaidDebtCommand } from './close-paid-debt.command';

@CommandHandler(ClosePaidDebtCommand)
export class ClosePaidDebtHandler implements ICommandHandler<ClosePaidDebtCommand> {
  constructor(private readonly intake: DebtIntake) {}

  async execute({ metadata, debt, tx }: ClosePaidDebtCommand): Promise<void> {
    await this.intake.close(
      tx,
      metadata.tenantId,
      {
        source: 'ixc',
        debtId: `ixc:${debt.receivableId}`,
        debtorId: `ixc:${debt.customerId}`,
        contractId: debt.contractId,
        dueDate: debt.dueDate,
        amountCents: debt.amountCents,
        // no IXC version yet: the payment is news IXC has not written; any later IXC event is newer
        sourceUpdatedAt: null,
      },
      'paid',
    );
  }
}
