import { Query } from '../../../../shared/ddd/query';
import type { LookupView } from '../ports/lookup.repository';
import type { PaymentFilter, PaymentView } from '../ports/payment.repository';

export interface PaymentListing {
  items: PaymentView[];
  total: number;
  /** deliveries whose payment is still to be looked up, or whose lookup failed (newest first, ≤ 100) */
  lookups: LookupView[];
}

/**
 * The tenant's recorded payments, newest first (`matched: false` lists those no receivable claimed), and
 * the lookups not settled yet.
 */
export class ListPaymentsQuery extends Query<PaymentListing> {
  constructor(
    tenantId: string,
    readonly filter: PaymentFilter,
  ) {
    super(tenantId);
  }
}
