import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { BillingResourceNotFoundError } from '../../billing-api.errors';
import { contactStatus, type ContactStatus } from '../../domain/billing/billing-queue-status';
import { BillingCampaigns } from '../ports/billing-campaigns.repository';
import { ListCampaignContactsQuery, type CampaignContactsPage } from './list-campaign-contacts.query';

/** A contact status → the schedule statuses it stands for (and whether it was attempted before). */
const FILTERS: Record<ContactStatus, { statuses: string[]; retried: boolean | null }> = {
  pending: { statuses: ['planned', 'deferred', 'queued'], retried: false },
  pending_retry: { statuses: ['planned', 'deferred', 'queued'], retried: true },
  sending: { statuses: ['sending', 'unknown'], retried: null },
  sent: { statuses: ['sent'], retried: null },
  failed: { statuses: ['failed'], retried: null },
  skipped: { statuses: ['skipped'], retried: null },
  cancelled: { statuses: ['cancelled'], retried: null },
};

@QueryHandler(ListCampaignContactsQuery)
export class ListCampaignContactsHandler implements IQueryHandler<
  ListCampaignContactsQuery,
  CampaignContactsPage
> {
  constructor(private readonly campaigns: BillingCampaigns) {}

  async execute(query: ListCampaignContactsQuery): Promise<CampaignContactsPage> {
    const tenantId = query.metadata.tenantId;
    const campaign = await this.campaigns.byId(tenantId, query.campaignId);
    if (!campaign) throw new BillingResourceNotFoundError('Campaign', query.campaignId);
    const { items, total } = await this.campaigns.contacts(
      tenantId,
      campaign.id,
      query.status ? FILTERS[query.status] : null,
      query.pageSize,
      (query.page - 1) * query.pageSize,
    );
    return {
      success: true,
      campaign_id: campaign.id,
      total,
      page: query.page,
      page_size: query.pageSize,
      contacts: items.map((c) => {
        const status = contactStatus(c.status, c.attempts);
        const waiting = status === 'pending' || status === 'pending_retry';
        return {
          contact_id: c.id,
          phone: c.telefone,
          name: c.nome,
          status,
          sent_at: c.sent_at ? new Date(c.sent_at).toISOString() : null,
          error_message: waiting || status === 'sent' ? '' : (c.status_reason ?? ''),
          message_id: c.provider_message_id,
          channel: c.channel,
          attempts: c.attempts,
          next_attempt_at: waiting ? new Date(c.due_at).toISOString() : null,
        };
      }),
    };
  }
}
