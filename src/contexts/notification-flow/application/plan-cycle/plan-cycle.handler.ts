import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SETTLED_REASONS, SOURCE_CLOSED } from '../../domain/debts';
import { CyclePlanner } from '../planning/cycle-planner';
import { DebtCycles } from '../ports/debt-cycles.repository';
import { PlanCycleCommand } from './plan-cycle.command';

@CommandHandler(PlanCycleCommand)
export class PlanCycleHandler implements ICommandHandler<PlanCycleCommand, void> {
  constructor(
    private readonly cycles: DebtCycles,
    private readonly planner: CyclePlanner,
  ) {}

  async execute({ debt, tx, metadata }: PlanCycleCommand): Promise<void> {
    const tenantId = metadata.tenantId;
    if (debt.openCents <= 0) return;
    await this.cycles.upsertDebtor(tx, tenantId, debt);
    // Events of one debt may be handled in any order (retries, replays, concurrent batches): the
    // source's version decides, not arrival. An older event changes nothing; a debt closed by the
    // source reopens only for a newer version (or, versions unknown, a later due date: a new bill).
    const { changed, previousStatus } = await this.cycles.openDebt(tx, tenantId, debt, SOURCE_CLOSED);
    if (!changed) return;
    await this.planner.planCycle(tx, tenantId, debt.debtorId);
    // reopened: the steps cancelled when nothing was owed any more are planned again from now (a new
    // cycle on the same due date would otherwise find them and plan nothing)
    if (previousStatus !== null && previousStatus !== 'open')
      await this.planner.reviveCancelledSteps(tx, tenantId, debt.debtorId, SETTLED_REASONS);
  }
}
