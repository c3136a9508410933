import { Command } from '../../../../shared/ddd/command';
import type { SyncResource } from '../ports/ixc-source';
import type { SyncMode, SyncRun } from '../ports/sync-run.repository';

/**
 * Runs a sync of the tenant's IXC mirror to the end (schedules); answers the finished run.
 * Throws SyncAlreadyRunningError while one runs, IxcNotConfiguredError without IXC settings.
 */
export class RunSyncCommand extends Command<SyncRun> {
  constructor(
    tenantId: string,
    readonly mode: SyncMode,
    readonly resources: SyncResource[],
    readonly trigger: 'api' | 'schedule',
  ) {
    super(tenantId);
  }
}
