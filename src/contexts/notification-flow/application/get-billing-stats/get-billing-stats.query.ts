import { Query } from '../../../../shared/ddd/query';

export interface BillingStatsView {
  total_campaigns: number;
  total_contacts: number;
  sent_contacts: number;
  failed_contacts: number;
  pending_contacts: number;
  skipped_contacts: number;
  cancelled_contacts: number;
  success_rate: number;
  campaigns_by_type: Record<string, number>;
}

/** The tenant's billing API totals (admin). */
export class GetBillingStatsQuery extends Query<BillingStatsView> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
