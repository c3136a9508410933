import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CaseReadModel, type CaseStats } from '../ports/case.read-model';
import { GetEscalationStatsQuery } from './get-escalation-stats.query';

@QueryHandler(GetEscalationStatsQuery)
export class GetEscalationStatsHandler implements IQueryHandler<GetEscalationStatsQuery, CaseStats> {
  constructor(private readonly cases: CaseReadModel) {}

  execute(query: GetEscalationStatsQuery): Promise<CaseStats> {
    return this.cases.stats(query.metadata.tenantId);
  }
}
