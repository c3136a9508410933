import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CaseReadModel, type CaseSummary } from '../ports/case.read-model';
import { ListCasesQuery } from './list-cases.query';

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<
  ListCasesQuery,
  { items: CaseSummary[]; total: number }
> {
  constructor(private readonly cases: CaseReadModel) {}

  execute(query: ListCasesQuery): Promise<{ items: CaseSummary[]; total: number }> {
    return this.cases.list(query.metadata.tenantId, query.filter);
  }
}
