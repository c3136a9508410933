import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { localDate } from '../../../../shared/time/local-date';
import {
  BillingContactsInvalidError,
  BillingRequestInvalidError,
  ExternalIdConflictError,
} from '../../billing-api.errors';
import {
  MAX_CONTACTS_PER_REQUEST,
  parseContact,
  type BillingContact,
  type ContactProblem,
} from '../../domain/billing/billing-contact';
import { DEFAULT_BILLING_VARIATIONS, rotatedVariation } from '../../domain/billing/billing-template';
import { phoneCandidates } from '../../domain/delivery-feedback';
import { BillingApiMetrics } from '../billing-api-metrics';
import {
  BillingCampaigns,
  BillingTemplates,
  type NewCampaignContact,
  type StoredCampaign,
} from '../ports/billing-campaigns.repository';
import { NotificationSettingsStore } from '../settings/notification-settings';
import { SendBillingCampaignCommand, type BillingCampaignAccepted } from './send-billing-campaign.command';

/** Problems listed in a 422 at most (a batch of 10,000 bad rows would make a huge answer). */
const MAX_LISTED_PROBLEMS = 1000;

@CommandHandler(SendBillingCampaignCommand)
export class SendBillingCampaignHandler implements ICommandHandler<
  SendBillingCampaignCommand,
  BillingCampaignAccepted
> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: BillingCampaigns,
    private readonly templates: BillingTemplates,
    private readonly settings: NotificationSettingsStore,
    private readonly metrics: BillingApiMetrics,
  ) {}

  async execute(command: SendBillingCampaignCommand): Promise<BillingCampaignAccepted> {
    const { type, input } = command;
    const tenantId = command.metadata.tenantId;
    if (input.templateType !== type) {
      this.metrics.campaigns.inc({ type, outcome: 'refused' });
      throw new BillingRequestInvalidError(`template_type deve ser '${type}' nesta rota`);
    }
    const contacts = this.parse(type, input.contacts);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([type, input.contacts]))
      .digest('base64url');

    const result = await this.dataSource.transaction(async (tx) => {
      if (input.externalId !== null) {
        const earlier = await this.campaigns.byExternalId(tx, tenantId, input.externalId);
        if (earlier) return this.replay(earlier, fingerprint);
      }
      const accepted = await this.create(tx, command, contacts, fingerprint);
      // A concurrent request took the external id first: the transaction is intact (ON CONFLICT DO NOTHING).
      if (!accepted) {
        const earlier = await this.campaigns.byExternalId(tx, tenantId, input.externalId!);
        return this.replay(earlier!, fingerprint);
      }
      return accepted;
    });
    this.metrics.campaigns.inc({ type, outcome: result.replayed ? 'replayed' : 'created' });
    if (!result.replayed) {
      this.metrics.contacts.inc({ type, outcome: 'accepted' }, result.totalContacts - result.skippedContacts);
      this.metrics.contacts.inc({ type, outcome: 'skipped' }, result.skippedContacts);
    }
    return result;
  }

  private parse(type: SendBillingCampaignCommand['type'], raw: unknown[]): BillingContact[] {
    if (raw.length === 0) throw new BillingRequestInvalidError('A lista de contatos não pode estar vazia');
    if (raw.length > MAX_CONTACTS_PER_REQUEST)
      throw new BillingRequestInvalidError(`Máximo de ${MAX_CONTACTS_PER_REQUEST} contatos por requisição`);
    const contacts: BillingContact[] = [];
    const problems: ContactProblem[] = [];
    raw.forEach((row, index) => {
      const parsed = parseContact(row, index, type);
      if (parsed.ok) contacts.push(parsed.contact);
      else problems.push(...parsed.problems);
    });
    if (problems.length > 0) {
      this.metrics.campaigns.inc({ type, outcome: 'refused' });
      this.metrics.contacts.inc({ type, outcome: 'refused' }, raw.length);
      throw new BillingContactsInvalidError(problems.slice(0, MAX_LISTED_PROBLEMS), raw.length);
    }
    return contacts;
  }

  private replay(earlier: StoredCampaign, fingerprint: string): BillingCampaignAccepted {
    if (earlier.fingerprint !== fingerprint)
      throw new ExternalIdConflictError(earlier.external_id ?? '', earlier.id);
    return {
      campaignId: earlier.id,
      queueId: earlier.queue_id,
      totalContacts: earlier.total_contacts,
      skippedContacts: 0,
      externalId: earlier.external_id,
      replayed: true,
    };
  }

  /**
   * The contacts' numbers that opted out: of a billing debtor (`+55…`) or of any other debtor of the
   * tenant with the same number as the ERP mirrors store it (bare digits, with or without the 9th digit).
   */
  private async optedOut(
    tx: EntityManager,
    tenantId: string,
    contacts: BillingContact[],
  ): Promise<Set<string>> {
    const storedAs = new Map<string, string>();
    for (const phone of new Set(contacts.map((c) => c.telefone)))
      for (const form of phoneCandidates(phone)) storedAs.set(form, phone);
    const found = await this.campaigns.optedOut(tx, tenantId, [...storedAs.keys()]);
    return new Set([...found].map((form) => storedAs.get(form)).filter((p): p is string => p !== undefined));
  }

  private async create(
    tx: EntityManager,
    command: SendBillingCampaignCommand,
    contacts: BillingContact[],
    fingerprint: string,
  ): Promise<BillingCampaignAccepted | null> {
    const { type, input } = command;
    const tenantId = command.metadata.tenantId;
    const template = await this.templates.active(tx, tenantId, type);
    const variations = template?.variations ?? DEFAULT_BILLING_VARIATIONS[type];
    const settings = await this.settings.get(tenantId, tx);
    const today = localDate(new Date(), settings.businessHours.timeZone);
    const optedOut = await this.optedOut(tx, tenantId, contacts);
    const rows: NewCampaignContact[] = contacts.map((contact, position) => {
      const variation = rotatedVariation(variations, position);
      return {
        id: randomUUID(),
        position,
        contact,
        templateText: variation.template_text,
        variation: variation.name,
        today,
        skippedReason: optedOut.has(contact.telefone) ? 'opted_out' : null,
      };
    });
    const campaignId = randomUUID();
    const queueId = randomUUID();
    const created = await this.campaigns.create(
      tx,
      {
        id: campaignId,
        queueId,
        tenantId,
        type,
        templateId: template?.id ?? null,
        externalId: input.externalId,
        fingerprint,
        apiKeyId: input.apiKeyId,
      },
      rows,
    );
    if (!created) return null;
    if (template) await this.templates.countUse(tx, template.id, rows.length);
    return {
      campaignId,
      queueId,
      totalContacts: rows.length,
      skippedContacts: rows.filter((r) => r.skippedReason !== null).length,
      externalId: input.externalId,
      replayed: false,
    };
  }
}
