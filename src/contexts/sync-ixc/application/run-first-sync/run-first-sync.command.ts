import { Command } from '../../../../shared/ddd/command';
import type { SyncRun } from '../ports/sync-run.repository';

/**
 * A tenant whose IXC was never mirrored (a fresh demo, a newly configured ISP) gets a full sync of
 * every resource, run to the end; answers the run, or null when the tenant was mirrored before.
 */
export class RunFirstSyncCommand extends Command<SyncRun | null> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
