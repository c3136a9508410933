import { Query } from '../../../../shared/ddd/query';
import type { ContactStatus, PausedReason, QueueStatus } from '../../domain/billing/billing-queue-status';

/** Seed 003's `BillingQueueSerializer` fields, plus Régua's counts by status and why/until when it waits. */
export interface BillingQueueView {
  id: string;
  billing_campaign: string;
  campaign_name: string;
  external_id: string | null;
  template_type: string;
  status: QueueStatus;
  total_contacts: number;
  processed_contacts: number;
  sent_contacts: number;
  failed_contacts: number;
  skipped_contacts: number;
  progress_percentage: number;
  counts: Record<ContactStatus, number>;
  paused_reason: PausedReason;
  next_resume_at: string | null;
  scheduled_for: string | null;
  started_at: string | null;
  completed_at: string | null;
  created_at: string;
}

export class GetBillingQueueStatusQuery extends Query<BillingQueueView> {
  constructor(
    tenantId: string,
    readonly queueId: string,
  ) {
    super(tenantId);
  }
}
