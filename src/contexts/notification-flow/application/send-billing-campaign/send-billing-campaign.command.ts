import { Command } from '../../../../shared/ddd/command';
import type { BillingType } from '../../domain/billing/billing-contact';

export interface BillingCampaignAccepted {
  campaignId: string;
  queueId: string;
  totalContacts: number;
  /** contacts not to be sent (opted out), already settled as `skipped` */
  skippedContacts: number;
  externalId: string | null;
  /** an earlier request with the same external_id and contacts: nothing new was created */
  replayed: boolean;
}

/**
 * Seed 003's `send/overdue|upcoming|notification`: a batch of contacts becomes one campaign whose
 * contacts are sent through the cadence's dispatch (all contacts valid, or nothing is created).
 */
export class SendBillingCampaignCommand extends Command<BillingCampaignAccepted> {
  constructor(
    tenantId: string,
    readonly type: BillingType,
    readonly input: {
      templateType: string;
      contacts: unknown[];
      externalId: string | null;
      apiKeyId: string | null;
    },
  ) {
    super(tenantId);
  }
}
