import { Query } from '../../../../shared/ddd/query';
import type { SyncRun } from '../ports/sync-run.repository';

/** The tenant's sync runs, newest first, one page. */
export class ListSyncRunsQuery extends Query<{ items: SyncRun[]; total: number }> {
  constructor(
    tenantId: string,
    readonly limit: number,
    readonly offset: number,
  ) {
    super(tenantId);
  }
}
