import { Query } from '../../../shared/ddd/query';

export interface OverdueReceivable {
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string;
  amountCents: number;
  openCents: number;
  /** in the tenant's calendar, today */
  daysOverdue: number;
  /** null when the customer is not mirrored */
  customer: { name: string; document: string | null } | null;
}

export interface OverdueReceivablesPage {
  items: OverdueReceivable[];
  /** pass as `afterReceivableId` for the next page; null at the end */
  next: string | null;
}

/**
 * Open, released receivables of the mirror at least `minDaysOverdue` days past due (tenant's calendar),
 * in receivable id order, one page at a time (`limit` at most 1000).
 */
export class ListOverdueReceivablesQuery extends Query<OverdueReceivablesPage> {
  constructor(
    tenantId: string,
    readonly minDaysOverdue: number,
    readonly page: { afterReceivableId?: string | null; limit?: number } = {},
  ) {
    super(tenantId);
  }
}
