import { Query } from '../../../../shared/ddd/query';
import type { AgingKey } from './aging';

export interface OpenBillingFilter {
  minDaysOverdue?: number;
  contractStatus?: string;
  internetStatus?: string;
  branchId?: string;
  search?: string;
  sort: 'dueDate' | 'daysOverdue' | 'openAmount' | 'customer';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface OpenBillingItem {
  receivableId: string;
  status: string;
  dueDate: string;
  daysOverdue: number;
  amountCents: number;
  openCents: number;
  openBrl: string;
  branchId: string | null;
  customer: { id: string; name: string | null; document: string | null; mobilePhone: string | null };
  contract: { id: string; status: string; internetStatus: string } | null;
}

export interface OpenBillingPage {
  summary: OpenBillingSummary;
  items: OpenBillingItem[];
  total: number;
  limit: number;
  offset: number;
}

export interface OpenBillingSummary {
  /** Number of open receivables (the replaced console's field and meaning). */
  total_open: number;
  /** Distinct customers owing them (the console's "debtors"). */
  debtors: number;
  /** How many are 20 or more days past due. */
  over_20_days: number;
  /** `YYYY-MM-DD` of the oldest open due date, or null. */
  oldest_due_date: string | null;
  open_cents: number;
  open_brl: string;
  aging: Record<AgingKey, { count: number; open_cents: number }>;
  /** The calendar day the figures are computed for (tenant time zone). */
  as_of: string;
}

/**
 * One page of the open-billing read model — open receivables (open amount > 0, status A/P, released)
 * of the tenant's mirror, with customer and contract, days overdue counted in the tenant's time zone —
 * answered already serialized (an `OpenBillingPage` as JSON): a cached answer is sent as it is.
 */
export class GetOpenBillingQuery extends Query<string> {
  constructor(
    tenantId: string,
    readonly filter: OpenBillingFilter,
  ) {
    super(tenantId);
  }
}
