import { Query } from '../../../../shared/ddd/query';
import type { CaseStats } from '../ports/case.read-model';

/** Cases by state, what is still in collection, what was recovered, CRM link outcomes. */
export class GetEscalationStatsQuery extends Query<CaseStats> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
