import type {
  OpenBillingFilter,
  OpenBillingItem,
  OpenBillingSummary,
} from '../get-open-billing/get-open-billing.query';

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
