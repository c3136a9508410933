import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SyncRunNotFoundError } from '../../sync-ixc.errors';
import { SyncRunRepository, type SyncRun } from '../ports/sync-run.repository';
import { GetSyncRunQuery } from './get-sync-run.query';

@QueryHandler(GetSyncRunQuery)
export class GetSyncRunHandler implements IQueryHandler<GetSyncRunQuery, SyncRun> {
  constructor(private readonly runs: SyncRunRepository) {}

  async execute(query: GetSyncRunQuery): Promise<SyncRun> {
    const run = await this.runs.get(query.metadata.tenantId, query.runId);
    if (!run) throw new SyncRunNotFoundError(query.runId);
    return run;
  }
}
