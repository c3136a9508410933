import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { BillingCampaigns } from '../ports/billing-campaigns.repository';
import { ListBillingCampaignsQuery, type BillingCampaignsPage } from './list-billing-campaigns.query';

@QueryHandler(ListBillingCampaignsQuery)
export class ListBillingCampaignsHandler implements IQueryHandler<
  ListBillingCampaignsQuery,
  BillingCampaignsPage
> {
  constructor(private readonly campaigns: BillingCampaigns) {}

  async execute(query: ListBillingCampaignsQuery): Promise<BillingCampaignsPage> {
    const { items, total } = await this.campaigns.list(query.metadata.tenantId, query.limit, query.offset);
    return {
      items: items.map((c) => ({
        id: c.id,
        queue_id: c.queue_id,
        external_id: c.external_id,
        billing_type: c.template_type,
        total_contacts: c.total_contacts,
        sent_contacts: c.sent,
        failed_contacts: c.failed,
        pending_contacts: c.waiting,
        created_at: new Date(c.created_at).toISOString(),
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
