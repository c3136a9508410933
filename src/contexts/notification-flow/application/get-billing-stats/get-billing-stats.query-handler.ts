import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { BILLING_TYPES } from '../../domain/billing/billing-contact';
import { BillingCampaigns } from '../ports/billing-campaigns.repository';
import { GetBillingStatsQuery, type BillingStatsView } from './get-billing-stats.query';

@QueryHandler(GetBillingStatsQuery)
export class GetBillingStatsHandler implements IQueryHandler<GetBillingStatsQuery, BillingStatsView> {
  constructor(private readonly campaigns: BillingCampaigns) {}

  async execute(query: GetBillingStatsQuery): Promise<BillingStatsView> {
    const s = await this.campaigns.stats(query.metadata.tenantId);
    const settled = s.sent + s.failed;
    return {
      total_campaigns: s.campaigns,
      total_contacts: s.contacts,
      sent_contacts: s.sent,
      failed_contacts: s.failed,
      pending_contacts: s.waiting,
      skipped_contacts: s.skipped,
      cancelled_contacts: s.cancelled,
      success_rate: settled === 0 ? 0 : Math.round((s.sent * 1000) / settled) / 10,
      campaigns_by_type: Object.fromEntries(BILLING_TYPES.map((t) => [t, s.by_type[t] ?? 0])),
    };
  }
}
