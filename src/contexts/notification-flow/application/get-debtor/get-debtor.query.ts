import { Query } from '../../../../shared/ddd/query';
import type { DebtorRecord, DebtRecord, ScheduleRecord } from '../ports/operator-views';

export interface DebtorDetail {
  debtor: DebtorRecord;
  openDebts: DebtRecord[];
  pendingSchedules: ScheduleRecord[];
}

/** A debtor with its open debts and pending schedules; 404 when the tenant has no such debtor. */
export class GetDebtorQuery extends Query<DebtorDetail> {
  constructor(
    tenantId: string,
    readonly debtorId: string,
  ) {
    super(tenantId);
  }
}
