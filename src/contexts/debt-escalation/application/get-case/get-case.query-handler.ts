import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CaseNotFoundError } from '../../domain/debt-escalation.errors';
import { CaseReadModel, type CaseDetail } from '../ports/case.read-model';
import { GetCaseQuery } from './get-case.query';

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery, CaseDetail> {
  constructor(private readonly cases: CaseReadModel) {}

  async execute(query: GetCaseQuery): Promise<CaseDetail> {
    const found = await this.cases.get(query.metadata.tenantId, query.caseId);
    if (!found) throw new CaseNotFoundError(query.caseId);
    return found;
  }
}
