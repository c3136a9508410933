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

  async execute({ debts, reason, tx, metadata }: CloseDebtCommand): Promise<void> {
    const closed = await this.cycles.closeDebts(tx, metadata.tenantId, debts, reason);
    // A debt inserted closed was not part of any cycle; debtors in a stable order (row locks).
    const debtors = [...new Set(closed.filter((c) => !c.inserted).map((c) => c.debtorId))].sort();
    for (const debtorId of debtors)
      await this.planner.endCycleIfSettled(tx, metadata.tenantId, debtorId, reason);
  }
}
