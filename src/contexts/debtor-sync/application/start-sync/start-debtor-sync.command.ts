import { Command } from '../../../../shared/ddd/command';
import type { DebtorSyncRun } from '../ports/debtor-sync-run.repository';

/**
 * Starts, in the background, a sync of one covered clinic (or of every covered clinic when `clinicId` is null)
 * and answers the runs at once (`running`). A clinic already syncing is skipped when syncing all, and answers
 * DebtorSyncInProgressError when named.
 */
export class StartDebtorSyncCommand extends Command<DebtorSyncRun[]> {
  constructor(
    tenantId: string,
    readonly clinicId: string | null,
  ) {
    super(tenantId);
  }
}
