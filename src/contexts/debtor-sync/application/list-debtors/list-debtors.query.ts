import { Query } from '../../../../shared/ddd/query';
import type { DebtorFilter, DebtorList } from '../ports/debtors.read-model';

/** Clinic debtors (patients with open installments past due) with the summary of the filtered set. */
export class ListDebtorsQuery extends Query<DebtorList> {
  constructor(
    tenantId: string,
    readonly filter: DebtorFilter,
  ) {
    super(tenantId);
  }
}
