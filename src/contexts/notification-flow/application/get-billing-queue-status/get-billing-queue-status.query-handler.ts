import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { BillingResourceNotFoundError } from '../../billing-api.errors';
import {
  CONTACT_STATUSES,
  contactStatus,
  queueState,
  type ContactStatus,
} from '../../domain/billing/billing-queue-status';
import { BillingCampaigns } from '../ports/billing-campaigns.repository';
import { GetBillingQueueStatusQuery, type BillingQueueView } from './get-billing-queue-status.query';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

@QueryHandler(GetBillingQueueStatusQuery)
export class GetBillingQueueStatusHandler implements IQueryHandler<
  GetBillingQueueStatusQuery,
  BillingQueueView
> {
  constructor(private readonly campaigns: BillingCampaigns) {}

  async execute(query: GetBillingQueueStatusQuery): Promise<BillingQueueView> {
    const tenantId = query.metadata.tenantId;
    const campaign = await this.campaigns.byQueueId(tenantId, query.queueId);
    if (!campaign) throw new BillingResourceNotFoundError('Queue', query.queueId);
    const groups = await this.campaigns.statusGroups(tenantId, campaign.id);
    const counts = Object.fromEntries(CONTACT_STATUSES.map((s) => [s, 0])) as Record<ContactStatus, number>;
    const reasons = new Map<string, number>();
    let nextDue: Date | null = null;
    let firstSent: Date | null = null;
    let lastSent: Date | null = null;
    for (const g of groups) {
      const status = contactStatus(g.status, g.retried ? 1 : 0, g.reason);
      counts[status] += g.n;
      if ((status === 'pending' || status === 'pending_retry') && g.status !== 'queued') {
        if (g.reason) reasons.set(g.reason, (reasons.get(g.reason) ?? 0) + g.n);
        if (g.next_due && (!nextDue || g.next_due < nextDue)) nextDue = g.next_due;
      }
      if (g.first_sent && (!firstSent || g.first_sent < firstSent)) firstSent = g.first_sent;
      if (g.last_sent && (!lastSent || g.last_sent > lastSent)) lastSent = g.last_sent;
    }
    const waitingReason = [...reasons].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const state = queueState({ total: campaign.total_contacts, byStatus: counts, waitingReason });
    const paused = state.pausedReason !== null;
    return {
      id: campaign.queue_id,
      billing_campaign: campaign.id,
      campaign_name: `Billing ${campaign.template_type} - ${new Date(campaign.created_at).toISOString().slice(0, 16).replace('T', ' ')}`,
      external_id: campaign.external_id,
      template_type: campaign.template_type,
      status: state.status,
      total_contacts: campaign.total_contacts,
      processed_contacts: state.processed,
      sent_contacts: counts.sent,
      failed_contacts: counts.failed,
      skipped_contacts: counts.skipped + counts.cancelled,
      progress_percentage: state.progressPercentage,
      counts,
      paused_reason: state.pausedReason,
      next_resume_at: paused ? iso(nextDue) : null,
      scheduled_for: state.status === 'completed' ? null : iso(nextDue),
      started_at: iso(firstSent),
      completed_at: state.status === 'completed' ? iso(lastSent ?? campaign.created_at) : null,
      created_at: new Date(campaign.created_at).toISOString(),
    };
  }
}
