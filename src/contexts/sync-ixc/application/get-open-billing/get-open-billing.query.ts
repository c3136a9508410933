import { Query } from '../../../../shared/ddd/query';
import type { OpenBillingFilter } from '../ports/open-billing.read-model';

export type {
  OpenBillingFilter,
  OpenBillingItem,
  OpenBillingPage,
  OpenBillingSummary,
} from '../ports/open-billing.read-model';

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
