import { Query } from '../../../../shared/ddd/query';
import type { DebtorSyncRun } from '../ports/debtor-sync-run.repository';

/** The run ledger, newest first. */
export class ListDebtorSyncRunsQuery extends Query<{ items: DebtorSyncRun[]; total: number }> {
  constructor(
    tenantId: string,
    readonly clinicId: string | undefined,
    readonly limit: number,
    readonly offset: number,
  ) {
    super(tenantId);
  }
}
