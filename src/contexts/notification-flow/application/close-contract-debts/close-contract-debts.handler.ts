import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CyclePlanner } from '../planning/cycle-planner';
import { DebtCycles } from '../ports/debt-cycles.repository';
import { CloseContractDebtsCommand } from './close-contract-debts.command';

@CommandHandler(CloseContractDebtsCommand)
export class CloseContractDebtsHandler implements ICommandHandler<CloseContractDebtsCommand, void> {
  constructor(
    private readonly cycles: DebtCycles,
    private readonly planner: CyclePlanner,
  ) {}

  async execute({ contractId, tx, metadata }: CloseContractDebtsCommand): Promise<void> {
    const tenantId = metadata.tenantId;
    for (const debtorId of await this.cycles.closeContractDebts(tx, tenantId, contractId))
      await this.planner.endCycleIfSettled(tx, tenantId, debtorId, 'contract_cancelled');
  }
}
