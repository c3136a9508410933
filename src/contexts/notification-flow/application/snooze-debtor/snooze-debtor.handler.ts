import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { InvalidSnoozeError } from '../../notification-flow.errors';
import { DebtorContacts } from '../ports/debtor-contacts.repository';
import { DebtorChanges, type DebtorCommandResult } from '../debtors/debtor-changes';
import { MAX_SNOOZE_DAYS, SnoozeDebtorCommand } from './snooze-debtor.command';

/** Pending schedules move to `greatest(due_at, until)`, deferred (reason `snooze`). */
@CommandHandler(SnoozeDebtorCommand)
export class SnoozeDebtorHandler implements ICommandHandler<SnoozeDebtorCommand, DebtorCommandResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: DebtorChanges,
    private readonly contacts: DebtorContacts,
  ) {}

  execute({ tenantId, debtorId, until, by }: SnoozeDebtorCommand): Promise<DebtorCommandResult> {
    const now = Date.now();
    if (Number.isNaN(until.getTime())) throw new InvalidSnoozeError('until must be an ISO date-time');
    if (until.getTime() <= now) throw new InvalidSnoozeError('until must be in the future');
    if (until.getTime() > now + MAX_SNOOZE_DAYS * 24 * 3600_000)
      throw new InvalidSnoozeError(`until must be at most ${MAX_SNOOZE_DAYS} days ahead`);
    return this.dataSource.transaction(async (tx) => {
      const debtor = await this.changes.lock(tx, tenantId, debtorId);
      const sameSnooze = debtor.snoozed_until?.getTime() === until.getTime();
      if (!sameSnooze) await this.contacts.setSnooze(tx, tenantId, debtorId, until);
      const changed = await this.contacts.deferPendingUntil(tx, tenantId, debtorId, until);
      for (const s of changed) {
        await this.changes.history(tx, tenantId, debtorId, s.id, s.channel, 'deferred', {
          reason: 'snooze',
          until: until.toISOString(),
          by,
        });
      }
      return {
        debtorId,
        changed: !sameSnooze || changed.length > 0,
        schedules: changed.length,
        optedOutAt: debtor.opted_out_at,
        snoozedUntil: until,
      };
    });
  }
}
