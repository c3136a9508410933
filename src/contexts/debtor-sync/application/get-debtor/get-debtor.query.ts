import { Query } from '../../../../shared/ddd/query';
import type { ContactHistoryEntry } from '../../../notification-flow/contracts';
import type { DebtorDetail } from '../ports/debtors.read-model';

/** How many contact history entries the debtor's detail carries (newest first; the total says if more). */
export const DEBTOR_HISTORY_LIMIT = 50;

export type DebtorWithHistory = DebtorDetail & {
  /** notification-flow's contact history of the patient (GetContactHistoryQuery) */
  contactHistory: { items: ContactHistoryEntry[]; total: number };
};

/**
 * One clinic patient with contracts, installments and contact history; DebtorNotFoundError when the tenant
 * has none with that id.
 */
export class GetDebtorQuery extends Query<DebtorWithHistory> {
  constructor(
    tenantId: string,
    readonly debtorId: string,
  ) {
    super(tenantId);
  }
}
