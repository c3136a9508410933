import { Query } from '../../../../shared/ddd/query';
import type { SyncRun } from '../ports/sync-run.repository';

/** One sync run of the tenant, with its status, counts and progress; throws SyncRunNotFoundError. */
export class GetSyncRunQuery extends Query<SyncRun> {
  constructor(
    tenantId: string,
    readonly runId: string,
  ) {
    super(tenantId);
  }
}
