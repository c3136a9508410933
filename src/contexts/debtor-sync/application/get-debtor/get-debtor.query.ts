import { Query } from '../../../../shared/ddd/query';
import type { DebtorDetail } from '../ports/debtors.read-model';

/**
 * One clinic patient with contracts and installments; DebtorNotFoundError when the tenant has none with that
 * id. Contact history is notification-flow's and has no query contract yet, so it is not included.
 */
export class GetDebtorQuery extends Query<DebtorDetail> {
  constructor(
    tenantId: string,
    readonly debtorId: string,
  ) {
    super(tenantId);
  }
}
