import type { EntityManager } from 'typeorm';
import type { BillingContact, BillingType } from '../../domain/billing/billing-contact';
import type { BillingVariation } from '../../domain/billing/billing-template';

export interface StoredCampaign {
  id: string;
  queue_id: string;
  tenant_id: string;
  template_type: BillingType;
  external_id: string | null;
  fingerprint: string;
  total_contacts: number;
  created_at: Date;
}

export interface NewCampaign {
  id: string;
  queueId: string;
  tenantId: string;
  type: BillingType;
  templateId: string | null;
  externalId: string | null;
  fingerprint: string;
  apiKeyId: string | null;
}

/** One accepted contact: its schedule (same id) is `planned` now, or `skipped` with a reason. */
export interface NewCampaignContact {
  id: string;
  position: number;
  contact: BillingContact;
  templateText: string;
  variation: string;
  /** the tenant's local date: the schedule's anchor when the contact has no due date */
  today: string;
  skippedReason: string | null;
}

/** A schedule's status aggregated over a campaign's contacts (each contact's latest schedule). */
export interface StatusGroup {
  status: string;
  retried: boolean;
  reason: string | null;
  n: number;
  next_due: Date | null;
  first_sent: Date | null;
  last_sent: Date | null;
}

export interface ContactLine {
  id: string;
  position: number;
  nome: string;
  telefone: string;
  status: string;
  attempts: number;
  status_reason: string | null;
  channel: string;
  sent_at: Date | null;
  due_at: Date;
  provider_message_id: string | null;
}

export interface CampaignLine extends StoredCampaign {
  sent: number;
  failed: number;
  waiting: number;
}

export interface BillingStatsRow {
  campaigns: number;
  contacts: number;
  sent: number;
  failed: number;
  waiting: number;
  skipped: number;
  cancelled: number;
  by_type: Record<string, number>;
}

/** What a billing message needs at send time (rendered then: days overdue are those of the send day). */
export interface BillingMessageRow {
  contact_id: string;
  template_type: BillingType;
  data: BillingContact;
  template_text: string;
}

/** The billing API's campaigns and contacts (schema `notification_flow`). */
/** Contacts whose latest schedule has one of `statuses`, was retried or not, and — when it is `cancelled` —
 * was or was not cancelled for one of `cancelledBecause.reasons`. */
export interface ContactFilter {
  statuses: string[];
  retried: boolean | null;
  cancelledBecause: { reasons: readonly string[]; matching: boolean } | null;
}

export abstract class BillingCampaigns {
  abstract byExternalId(
    tx: EntityManager,
    tenantId: string,
    externalId: string,
  ): Promise<StoredCampaign | null>;

  /** Phones among `phones` that belong to a debtor of the tenant who opted out. */
  abstract optedOut(tx: EntityManager, tenantId: string, phones: string[]): Promise<Set<string>>;

  /** The campaign, its contacts, a debtor per phone and a schedule per contact; false on a taken external id. */
  abstract create(tx: EntityManager, campaign: NewCampaign, contacts: NewCampaignContact[]): Promise<boolean>;

  abstract byQueueId(tenantId: string, queueId: string): Promise<StoredCampaign | null>;
  abstract byId(tenantId: string, campaignId: string): Promise<StoredCampaign | null>;
  abstract statusGroups(tenantId: string, campaignId: string): Promise<StatusGroup[]>;

  /** A page of contacts in request order, filtered on the latest schedule. */
  abstract contacts(
    tenantId: string,
    campaignId: string,
    filter: ContactFilter | null,
    limit: number,
    offset: number,
  ): Promise<{ items: ContactLine[]; total: number }>;

  abstract list(
    tenantId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: CampaignLine[]; total: number }>;
  abstract stats(tenantId: string): Promise<BillingStatsRow>;

  abstract messages(contactIds: string[]): Promise<BillingMessageRow[]>;
}

export interface StoredBillingTemplate {
  id: string;
  tenant_id: string;
  name: string;
  template_type: BillingType;
  description: string;
  is_active: boolean;
  variations: Array<BillingVariation & { id: string; times_used?: number }>;
  total_uses: number;
  created_at: Date;
  updated_at: Date;
}

export abstract class BillingTemplates {
  abstract list(tenantId: string): Promise<StoredBillingTemplate[]>;
  abstract find(tenantId: string, id: string, tx?: EntityManager): Promise<StoredBillingTemplate | null>;
  /** The tenant's active template of the type (newest first), or null. */
  abstract active(
    tx: EntityManager,
    tenantId: string,
    type: BillingType,
  ): Promise<StoredBillingTemplate | null>;
  abstract insert(template: StoredBillingTemplate): Promise<void>;
  abstract update(template: StoredBillingTemplate): Promise<void>;
  abstract remove(tenantId: string, id: string): Promise<boolean>;
  abstract countUse(tx: EntityManager, id: string, uses: number): Promise<void>;
}
