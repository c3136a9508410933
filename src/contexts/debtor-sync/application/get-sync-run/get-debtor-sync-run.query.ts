import { Query } from '../../../../shared/ddd/query';
import type { DebtorSyncRun } from '../ports/debtor-sync-run.repository';

/** One run of the ledger; DebtorSyncRunNotFoundError when the tenant has no such run. */
export class GetDebtorSyncRunQuery extends Query<DebtorSyncRun> {
  constructor(
    tenantId: string,
    readonly runId: string,
  ) {
    super(tenantId);
  }
}
