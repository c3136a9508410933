import { Query } from '../../../../shared/ddd/query';

export interface BillingCampaignLineView {
  id: string;
  queue_id: string;
  external_id: string | null;
  billing_type: string;
  total_contacts: number;
  sent_contacts: number;
  failed_contacts: number;
  pending_contacts: number;
  created_at: string;
}

export interface BillingCampaignsPage {
  items: BillingCampaignLineView[];
  total: number;
  limit: number;
  offset: number;
}

/** The tenant's billing campaigns, newest first (admin). */
export class ListBillingCampaignsQuery extends Query<BillingCampaignsPage> {
  constructor(
    tenantId: string,
    readonly limit: number,
    readonly offset: number,
  ) {
    super(tenantId);
  }
}
