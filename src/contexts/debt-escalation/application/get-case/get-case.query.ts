import { Query } from '../../../../shared/ddd/query';
import type { CaseDetail } from '../ports/case.read-model';

/** A case with its debts and its whole history. */
export class GetCaseQuery extends Query<CaseDetail> {
  constructor(
    tenantId: string,
    readonly caseId: string,
  ) {
    super(tenantId);
  }
}
