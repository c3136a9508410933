import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { DebtorContacts } from '../ports/debtor-contacts.repository';
import { DebtorChanges, type DebtorCommandResult } from '../debtors/debtor-changes';
import { OptOutDebtorCommand } from './opt-out-debtor.command';

/** Already opted out: nothing changes, nothing is written (but nothing is left pending either). */
@CommandHandler(OptOutDebtorCommand)
export class OptOutDebtorHandler implements ICommandHandler<OptOutDebtorCommand, DebtorCommandResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: DebtorChanges,
    private readonly contacts: DebtorContacts,
  ) {}

  execute(command: OptOutDebtorCommand): Promise<DebtorCommandResult> {
    if (command.tx) return this.within(command.tx, command);
    return this.dataSource.transaction((tx) => this.within(tx, command));
  }

  private async within(
    tx: EntityManager,
    { tenantId, debtorId, source, reason }: OptOutDebtorCommand,
  ): Promise<DebtorCommandResult> {
    const debtor = await this.changes.lock(tx, tenantId, debtorId);
    if (debtor.opted_out_at) {
      // Still make sure nothing is left pending (e.g. planned by a race before the opt-out committed).
      const late = await this.changes.cancelPending(tx, tenantId, debtorId, 'opt_out', { source });
      return this.changes.result(debtorId, late > 0, late, debtor);
    }
    const updated = await this.contacts.optOut(tx, tenantId, debtorId, reason ?? source);
    await this.changes.history(
      tx,
      tenantId,
      debtorId,
      null,
      source === 'reply' ? 'whatsapp' : 'operator',
      'opt_out',
      {
        source,
        ...(reason ? { reason } : {}),
      },
    );
    const schedules = await this.changes.cancelPending(tx, tenantId, debtorId, 'opt_out', { source });
    return this.changes.result(debtorId, true, schedules, updated);
  }
}
