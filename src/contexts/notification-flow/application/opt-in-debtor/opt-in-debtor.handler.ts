import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DebtorContacts } from '../ports/debtor-contacts.repository';
import { DebtorChanges, type DebtorCommandResult } from '../debtors/debtor-changes';
import { CyclePlanner } from '../planning/cycle-planner';
import { OptInDebtorCommand } from './opt-in-debtor.command';

/** A debtor not opted out: nothing changes. */
@CommandHandler(OptInDebtorCommand)
export class OptInDebtorHandler implements ICommandHandler<OptInDebtorCommand, DebtorCommandResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: DebtorChanges,
    private readonly contacts: DebtorContacts,
    private readonly planner: CyclePlanner,
  ) {}

  execute({ tenantId, debtorId, by }: OptInDebtorCommand): Promise<DebtorCommandResult> {
    return this.dataSource.transaction(async (tx) => {
      const debtor = await this.changes.lock(tx, tenantId, debtorId);
      if (!debtor.opted_out_at) return this.changes.result(debtorId, false, 0, debtor);
      await this.contacts.clearOptOut(tx, tenantId, debtorId);
      await this.changes.history(tx, tenantId, debtorId, null, 'operator', 'opt_in', {
        source: 'operator',
        by,
      });
      const pending = await this.planner.resumeCycle(tx, tenantId, debtorId);
      return this.changes.result(debtorId, true, pending, { ...debtor, opted_out_at: null });
    });
  }
}
