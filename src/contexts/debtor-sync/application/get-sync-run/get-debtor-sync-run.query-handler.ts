import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DebtorSyncRunNotFoundError } from '../../debtor-sync.errors';
import { DebtorSyncRunRepository, type DebtorSyncRun } from '../ports/debtor-sync-run.repository';
import { GetDebtorSyncRunQuery } from './get-debtor-sync-run.query';

@QueryHandler(GetDebtorSyncRunQuery)
export class GetDebtorSyncRunHandler implements IQueryHandler<GetDebtorSyncRunQuery, DebtorSyncRun> {
  constructor(private readonly runs: DebtorSyncRunRepository) {}

  async execute(query: GetDebtorSyncRunQuery): Promise<DebtorSyncRun> {
    const run = await this.runs.get(query.metadata.tenantId, query.runId);
    if (!run) throw new DebtorSyncRunNotFoundError(query.runId);
    return run;
  }
}
