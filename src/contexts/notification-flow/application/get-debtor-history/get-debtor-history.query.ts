import { Query } from '../../../../shared/ddd/query';
import type { HistoryRecord } from '../ports/operator-views';

/** Every contact history row of a debtor, newest first, one page; 404 for an unknown debtor. */
export class GetDebtorHistoryQuery extends Query<{ items: HistoryRecord[]; total: number }> {
  constructor(
    tenantId: string,
    readonly debtorId: string,
    readonly page: { limit: number; offset: number },
  ) {
    super(tenantId);
  }
}
