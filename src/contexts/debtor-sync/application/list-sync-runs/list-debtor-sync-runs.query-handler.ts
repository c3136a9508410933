import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DebtorSyncRunRepository } from '../ports/debtor-sync-run.repository';
import { ListDebtorSyncRunsQuery } from './list-debtor-sync-runs.query';

@QueryHandler(ListDebtorSyncRunsQuery)
export class ListDebtorSyncRunsHandler implements IQueryHandler<ListDebtorSyncRunsQuery> {
  constructor(private readonly runs: DebtorSyncRunRepository) {}

  execute(query: ListDebtorSyncRunsQuery) {
    return this.runs.list(query.metadata.tenantId, {
      clinicId: query.clinicId,
      limit: query.limit,
      offset: query.offset,
    });
  }
}
