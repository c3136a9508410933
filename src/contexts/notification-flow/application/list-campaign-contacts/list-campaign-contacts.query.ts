import { Query } from '../../../../shared/ddd/query';
import type { ContactStatus } from '../../domain/billing/billing-queue-status';

/** Seed 003's contact line (`contact_id, phone, name, status, sent_at, error_message`) plus Régua's. */
export interface CampaignContactView {
  contact_id: string;
  phone: string;
  name: string;
  status: ContactStatus;
  sent_at: string | null;
  error_message: string;
  message_id: string | null;
  channel: string;
  attempts: number;
  next_attempt_at: string | null;
}

export interface CampaignContactsPage {
  success: true;
  campaign_id: string;
  total: number;
  page: number;
  page_size: number;
  contacts: CampaignContactView[];
}

export class ListCampaignContactsQuery extends Query<CampaignContactsPage> {
  constructor(
    tenantId: string,
    readonly campaignId: string,
    readonly status: ContactStatus | null,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super(tenantId);
  }
}
