import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SyncRunRepository, type SyncRun } from '../ports/sync-run.repository';
import { ListSyncRunsQuery } from './list-sync-runs.query';

@QueryHandler(ListSyncRunsQuery)
export class ListSyncRunsHandler implements IQueryHandler<
  ListSyncRunsQuery,
  { items: SyncRun[]; total: number }
> {
  constructor(private readonly runs: SyncRunRepository) {}

  execute(query: ListSyncRunsQuery): Promise<{ items: SyncRun[]; total: number }> {
    return this.runs.list(query.metadata.tenantId, query.limit, query.offset);
  }
}
