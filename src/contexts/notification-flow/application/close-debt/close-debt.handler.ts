import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CyclePlanner } from '../planning/cycle-planner';
import { DebtCycles } from '../ports/debt-cycles.repository';
import { CloseDebtCommand } from './close-debt.command';

@CommandHandler(CloseDebtCommand)
export class CloseDebtHandler implements ICommandHandler<CloseDebtCommand, void> {
  constructor(
    private readonly cycles: DebtCycles,
    private readonly planner: CyclePlanner,
  ) {}

  async execute({ debt, reason, tx, metadata }: CloseDebtCommand): Promise<void> {
    const closed = await this.cycles.closeDebt(tx, metadata.tenantId, debt, reason);
    if (closed && !closed.inserted)
      await this.planner.endCycleIfSettled(tx, metadata.tenantId, closed.debtorId, reason);
  }
}
