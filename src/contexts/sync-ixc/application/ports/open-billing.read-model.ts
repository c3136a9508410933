import type { AgingKey } from '../../domain/aging';

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

/** The narrowing part of a filter: what the summary depends on (not sort or paging). */
export type OpenBillingWhere = Pick<
  OpenBillingFilter,
  'minDaysOverdue' | 'contractStatus' | 'internetStatus' | 'branchId' | 'search'
>;

/** Open receivables of the tenant's mirror, with customer and contract, as of `today` (tenant calendar). */
export abstract class OpenBillingReadModel {
  /** Aggregates over every open receivable the filter keeps. */
  abstract summary(tenantId: string, today: string, where: OpenBillingWhere): Promise<OpenBillingSummary>;
  /** One sorted page of them. */
  abstract items(tenantId: string, today: string, filter: OpenBillingFilter): Promise<OpenBillingItem[]>;
}
