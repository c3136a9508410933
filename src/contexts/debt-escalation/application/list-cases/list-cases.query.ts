import { Query } from '../../../../shared/ddd/query';
import type { CaseFilter, CaseSummary } from '../ports/case.read-model';

export class ListCasesQuery extends Query<{ items: CaseSummary[]; total: number }> {
  constructor(
    tenantId: string,
    readonly filter: CaseFilter,
  ) {
    super(tenantId);
  }
}
