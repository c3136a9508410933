import { Injectable } from '@nestjs/common';
import { billingVariables, renderBillingTemplate } from '../../domain/billing/billing-template';
import { BillingCampaigns, type BillingMessageRow } from '../ports/billing-campaigns.repository';
import type { NotificationSettings } from '../settings/notification-settings';
import type { Work } from './sending-batch';

/**
 * The text of a billing campaign's message, rendered at send time from the contact's data and the
 * variation picked at intake: days overdue / until due are those of the send day in the tenant's zone
 * (a campaign that waited overnight for business hours says one more day overdue, as it should).
 */
@Injectable()
export class BillingMessages {
  constructor(private readonly campaigns: BillingCampaigns) {}

  /** The billing contacts of a batch (one query), by contact id. */
  async of(work: Work[]): Promise<Map<string, BillingMessageRow>> {
    const ids = work.map((w) => w.row.contact_id).filter((id): id is string => typeof id === 'string');
    const rows = await this.campaigns.messages(ids);
    return new Map(rows.map((r) => [r.contact_id, r]));
  }

  render(row: BillingMessageRow, settings: NotificationSettings, today: string): string {
    const variables = billingVariables(row.data, row.template_type, today, settings.companyName);
    return renderBillingTemplate(row.template_text, variables);
  }
}
