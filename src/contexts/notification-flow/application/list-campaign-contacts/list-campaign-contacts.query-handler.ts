import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { BillingResourceNotFoundError } from '../../billing-api.errors';
import {
  contactStatus,
  isOptOut,
  OPT_OUT_REASONS,
  type ContactStatus,
} from '../../domain/billing/billing-queue-status';
import type { ContactFilter } from '../ports/billing-campaigns.repository';
import { BillingCampaigns } from '../ports/billing-campaigns.repository';
import { ListCampaignContactsQuery, type CampaignContactsPage } from './list-campaign-contacts.query';

const any = { retried: null, cancelledBecause: null };
/**
 * A contact status → the schedule statuses it stands for, whether it was attempted before, and for
 * `cancelled` schedules whether an opt-out cancelled them (those are `skipped` contacts).
 */
const FILTERS: Record<ContactStatus, ContactFilter> = {
  pending: { ...any, statuses: ['planned', 'deferred', 'queued'], retried: false },
  pending_retry: { ...any, statuses: ['planned', 'deferred', 'queued'], retried: true },
  sending: { ...any, statuses: ['sending', 'unknown'] },
  sent: { ...any, statuses: ['sent'] },
  failed: { ...any, statuses: ['failed'] },
  skipped: {
    ...any,
    statuses: ['skipped', 'cancelled'],
    cancelledBecause: { reasons: OPT_OUT_REASONS, matching: true },
  },
  cancelled: {
    ...any,
    statuses: ['cancelled'],
    cancelledBecause: { reasons: OPT_OUT_REASONS, matching: false },
  },
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
        const status = contactStatus(c.status, c.attempts, c.status_reason);
        const waiting = status === 'pending' || status === 'pending_retry';
        const reason = isOptOut(c.status_reason) ? 'opted_out' : (c.status_reason ?? '');
        return {
          contact_id: c.id,
          phone: c.telefone,
          name: c.nome,
          status,
          sent_at: c.sent_at ? new Date(c.sent_at).toISOString() : null,
          error_message: waiting || status === 'sent' ? '' : reason,
          message_id: c.provider_message_id,
          channel: c.channel,
          attempts: c.attempts,
          next_attempt_at: waiting ? new Date(c.due_at).toISOString() : null,
        };
      }),
    };
  }
}
