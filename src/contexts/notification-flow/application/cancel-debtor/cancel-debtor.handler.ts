import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DebtorChanges, type DebtorCommandResult } from '../debtors/debtor-changes';
import { CancelDebtorCommand } from './cancel-debtor.command';

@CommandHandler(CancelDebtorCommand)
export class CancelDebtorHandler implements ICommandHandler<CancelDebtorCommand, DebtorCommandResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: DebtorChanges,
  ) {}

  execute({ tenantId, debtorId, by }: CancelDebtorCommand): Promise<DebtorCommandResult> {
    return this.dataSource.transaction(async (tx) => {
      const debtor = await this.changes.lock(tx, tenantId, debtorId);
      const schedules = await this.changes.cancelPending(tx, tenantId, debtorId, 'operator', { by });
      return this.changes.result(debtorId, schedules > 0, schedules, debtor);
    });
  }
}
