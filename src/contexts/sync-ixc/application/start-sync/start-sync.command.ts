import { Command } from '../../../../shared/ddd/command';
import type { SyncResource } from '../ports/ixc-source';
import type { SyncMode, SyncRun } from '../ports/sync-run.repository';

/**
 * Starts a sync of the tenant's IXC mirror in the background; answers the run at once (`running`).
 * Throws SyncAlreadyRunningError while one runs, IxcNotConfiguredError without IXC settings.
 */
export class StartSyncCommand extends Command<SyncRun> {
  constructor(
    tenantId: string,
    readonly mode: SyncMode,
    readonly resources: SyncResource[],
    readonly trigger: 'api' | 'schedule',
  ) {
    super(tenantId);
  }
}
