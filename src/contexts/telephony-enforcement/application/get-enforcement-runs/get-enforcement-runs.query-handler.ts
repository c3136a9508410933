import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EnforcementRunRepository } from '../ports/enforcement-run.repository';
import { GetEnforcementRunsQuery, type EnforcementRunList } from './get-enforcement-runs.query';

@QueryHandler(GetEnforcementRunsQuery)
export class GetEnforcementRunsHandler implements IQueryHandler<GetEnforcementRunsQuery, EnforcementRunList> {
  constructor(private readonly runs: EnforcementRunRepository) {}

  execute(query: GetEnforcementRunsQuery): Promise<EnforcementRunList> {
    return this.runs.list(query.metadata.tenantId, query.limit, query.offset);
  }
}
