import { Query } from '../../../../shared/ddd/query';
import type { PaymentFilter, PaymentView } from '../ports/payment.repository';

/** The tenant's recorded payments, newest first; `matched: false` lists those no receivable claimed. */
export class ListPaymentsQuery extends Query<{ items: PaymentView[]; total: number }> {
  constructor(
    tenantId: string,
    readonly filter: PaymentFilter,
  ) {
    super(tenantId);
  }
}
