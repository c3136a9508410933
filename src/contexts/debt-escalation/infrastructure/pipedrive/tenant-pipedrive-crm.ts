import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { Tenants } from '../../../../platform/access/tenants';
import { EscalationMetrics } from '../../application/escalation-metrics';
import { Crm, type CrmConfig, type CrmDeal, type CrmPerson } from '../../application/ports/crm';
import { PipedriveClient, type PipedriveDealRecord } from './pipedrive.client';
import { pipedriveSettings, type PipedriveSettings } from './pipedrive-settings';

const SETTINGS_TTL_MS = 30_000;

const deal = (d: PipedriveDealRecord): CrmDeal => ({
  id: String(d.id),
  title: d.title,
  personId: d.person_id === null ? null : String(d.person_id),
  status: d.status,
});

/** Only digits: a CPF/CNPJ typed with dots and dashes in either system still matches. */
const digitsOf = (document: string) => document.replace(/\D/g, '');

/**
 * The Crm port over each tenant's Pipedrive (settings in `access.tenants.integrations.pipedrive`, token
 * an encrypted integration secret). One client per tenant (its limits are the tenant's), checked against
 * the stored settings at every `config()` and at least every 30 s.
 */
@Injectable()
export class TenantPipedriveCrm extends Crm implements OnApplicationShutdown {
  private readonly clients = new Map<
    string,
    { client: PipedriveClient; settings: PipedriveSettings; at: number }
  >();

  constructor(
    private readonly tenants: Tenants,
    private readonly secrets: IntegrationSecrets,
    private readonly metrics: EscalationMetrics,
  ) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.client.close()));
    this.clients.clear();
  }

  /** Read afresh (once per batch of work): a changed setting or token replaces the tenant's client. */
  async config(tenantId: string, tx?: EntityManager): Promise<CrmConfig | null> {
    const settings = await this.read(tenantId, tx);
    const cached = this.clients.get(tenantId);
    if (cached && JSON.stringify(cached.settings) !== JSON.stringify(settings)) {
      void cached.client.close();
      this.clients.delete(tenantId);
    }
    return (
      settings && {
        documentFieldKey: settings.documentFieldKey,
        createDeals: settings.createDeals,
        pipelineId: settings.pipelineId,
        stageId: settings.stageId,
      }
    );
  }

  async findPersonByDocument(
    tenantId: string,
    config: CrmConfig,
    document: string,
  ): Promise<CrmPerson | null> {
    const digits = digitsOf(document);
    if (digits.length < 2) return null;
    const persons = await (await this.client(tenantId)).searchPersons(digits, 'custom_fields', true);
    const [person] = persons;
    return person ? { id: String(person.id), name: person.name } : null;
  }

  async openDealsOf(tenantId: string, personId: string): Promise<CrmDeal[]> {
    return (await (await this.client(tenantId)).openDealsOf(Number(personId))).map(deal);
  }

  async dealsMarked(tenantId: string, marker: string): Promise<CrmDeal[]> {
    const found = await (await this.client(tenantId)).searchDeals(marker);
    return found.filter((d) => d.title.includes(marker)).map(deal);
  }

  async createPerson(
    tenantId: string,
    config: CrmConfig,
    person: { name: string; document: string | null },
  ): Promise<CrmPerson> {
    const created = await (
      await this.client(tenantId)
    ).createPerson({
      name: person.name,
      ...(person.document ? { custom_fields: { [config.documentFieldKey]: digitsOf(person.document) } } : {}),
    });
    return { id: String(created.id), name: created.name };
  }

  async createDeal(
    tenantId: string,
    config: CrmConfig,
    input: { title: string; personId: string; valueCents: number },
  ): Promise<CrmDeal> {
    const created = await (
      await this.client(tenantId)
    ).createDeal({
      title: input.title,
      person_id: Number(input.personId),
      value: input.valueCents / 100,
      currency: 'BRL',
      ...(config.pipelineId ? { pipeline_id: config.pipelineId } : {}),
      ...(config.stageId ? { stage_id: config.stageId } : {}),
    });
    return deal(created);
  }

  async addNote(tenantId: string, dealId: string, content: string): Promise<void> {
    await (await this.client(tenantId)).addNote({ content, deal_id: Number(dealId) });
  }

  private async read(tenantId: string, tx?: EntityManager): Promise<PipedriveSettings | null> {
    const integrations = await this.tenants.integrations(tenantId, tx);
    const token = await this.secrets.get(tenantId, 'pipedrive', 'apiToken', tx);
    return pipedriveSettings(integrations.pipedrive, token);
  }

  private async client(tenantId: string): Promise<PipedriveClient> {
    const cached = this.clients.get(tenantId);
    if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.client;
    const settings = await this.read(tenantId);
    if (!settings) throw new Error('Pipedrive is not configured for this tenant');
    if (cached && JSON.stringify(cached.settings) === JSON.stringify(settings)) {
      cached.at = Date.now();
      return cached.client;
    }
    if (cached) void cached.client.close();
    const client = new PipedriveClient(
      settings,
      (operation, outcome) => this.metrics.crmRequests.inc({ operation, outcome }),
      this.metrics.outbound,
    );
    this.clients.set(tenantId, { client, settings, at: Date.now() });
    return client;
  }
}
