import { Command } from '../../../../shared/ddd/command';
import type { DebtorSyncRun } from '../ports/debtor-sync-run.repository';

/** Syncs one covered clinic to the end (the periodic schedule); answers the finished run. */
export class RunDebtorSyncCommand extends Command<DebtorSyncRun> {
  constructor(
    tenantId: string,
    readonly clinicId: string,
    readonly trigger: 'schedule' | 'api' = 'schedule',
  ) {
    super(tenantId);
  }
}
