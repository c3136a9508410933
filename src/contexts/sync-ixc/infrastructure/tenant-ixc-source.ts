import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { OutboundHttpMetrics } from '../../../platform/outbound-http';
import { createHash } from 'node:crypto';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { IntegrationSecrets } from '../../../platform/access/integrations/integration-secrets';
import { Tenants } from '../../../platform/access/tenants';
import { IxcSource, type SyncResource } from '../application/ports/ixc-source';
import { SyncMetrics } from '../application/sync/sync-metrics';
import { IxcNotConfiguredError } from '../sync-ixc.errors';
import { fetchContractStatuses } from './ixc/contract-status-source';
import { toIxcDate, type GridFilter } from './ixc/grid-param.builder';
import { IxcClient } from './ixc/ixc.client';
import type { IxcContract, IxcRaw } from '../domain/ixc-records';
import { ixcConnectionSettings, type IxcListMethod } from './ixc/ixc-settings';

/** How often a tenant's settings are re-read, so a change made through the API takes effect. */
const SETTINGS_TTL_MS = 60_000;

interface CachedClient {
  client: IxcClient;
  /** the client's requests in flight at once: also how many status batches are kept going */
  concurrency: number;
  fingerprint: string;
  checkedAt: number;
}

/**
 * The IxcSource port over the IXC client, with each tenant's settings (`access.tenants.integrations.ixc`:
 * baseUrl, user, verifyTls, listMethod, concurrency, requestsPerSecond) and token (encrypted integration
 * secret). One client per tenant, so per-tenant concurrency and rate limits hold (the gentle defaults of
 * ixc-settings.ts unless the tenant set its own); re-read every minute so changed settings take effect.
 */
@Injectable()
export class TenantIxcSource extends IxcSource implements OnApplicationShutdown {
  private readonly clients = new Map<string, CachedClient>();

  constructor(
    private readonly tenants: Tenants,
    private readonly secrets: IntegrationSecrets,
    private readonly metrics: SyncMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async page(
    tenantId: string,
    resource: SyncResource,
    options: { afterId: string; updatedSince: string | null; pageSize: number },
  ): Promise<IxcRaw[]> {
    const client = await this.client(tenantId);
    // Keyset paging (id > last seen) instead of page numbers: rows changed while we read cannot shift
    // a page and make us skip one.
    const grid: GridFilter[] = [{ TB: `${resource}.id`, OP: '>', P: options.afterId }];
    if (options.updatedSince) {
      grid.push({ TB: `${resource}.ultima_atualizacao`, OP: '>=', P: toIxcDate(options.updatedSince) });
    }
    for await (const page of client.listPages(resource, {
      grid,
      sortname: `${resource}.id`,
      sortorder: 'asc',
      rp: options.pageSize,
    })) {
      return page.rows;
    }
    return [];
  }

  async assertConfigured(tenantId: string): Promise<void> {
    await this.client(tenantId);
  }

  async findTickets(tenantId: string, marker: string): Promise<IxcRaw[]> {
    const client = await this.client(tenantId);
    return client.listAll('su_ticket', { grid: [{ TB: 'su_ticket.titulo', OP: 'L', P: marker }], rp: 50 });
  }

  async createTicket(tenantId: string, body: Record<string, string>): Promise<string> {
    const client = await this.client(tenantId);
    return (await client.insert('su_ticket', body)).id;
  }

  async contracts(tenantId: string, ids: string[]): Promise<Map<string, IxcContract>> {
    const { client, concurrency } = await this.cachedClient(tenantId);
    return fetchContractStatuses(client, ids, { batchSize: this.config.IXC_STATUS_BATCH_SIZE, concurrency });
  }

  /**
   * One client per tenant, kept while its settings stay the same (its limiter is the tenant's limit);
   * replaced, and the old one closed, when they change.
   */
  private async client(tenantId: string): Promise<IxcClient> {
    return (await this.cachedClient(tenantId)).client;
  }

  private async cachedClient(tenantId: string): Promise<CachedClient> {
    const cached = this.clients.get(tenantId);
    if (cached && Date.now() - cached.checkedAt < SETTINGS_TTL_MS) return cached;
    const settings = (await this.tenants.integrations(tenantId)).ixc as Record<string, unknown> | undefined;
    const token = await this.secrets.get(tenantId, 'ixc', 'token');
    if (!settings?.baseUrl || !settings.user || !token) {
      throw new IxcNotConfiguredError(
        'set baseUrl and user, and the token secret, with PUT /api/v1/admin/integrations/ixc',
      );
    }
    const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
    let connection;
    try {
      connection = ixcConnectionSettings({
        baseUrl: String(settings.baseUrl),
        user: String(settings.user),
        token,
        verifyTls: typeof settings.verifyTls === 'boolean' ? settings.verifyTls : this.config.IXC_VERIFY_TLS,
        listMethod: (settings.listMethod as IxcListMethod | undefined) ?? this.config.IXC_LIST_METHOD,
        concurrency: number(settings.concurrency),
        requestsPerSecond: number(settings.requestsPerSecond),
      });
    } catch (error) {
      throw new IxcNotConfiguredError(error instanceof Error ? error.message : String(error));
    }
    const fingerprint = createHash('sha256').update(JSON.stringify(connection)).digest('hex');
    if (cached && cached.fingerprint === fingerprint) {
      cached.checkedAt = Date.now();
      return cached;
    }
    const client = new IxcClient(connection, {
      onRequest: (e) => {
        this.metrics.requests.inc({ table: e.table, outcome: e.outcome });
        this.metrics.requestDuration.observe({ table: e.table }, e.durationMs / 1000);
      },
      outboundMetrics: OutboundHttpMetrics.in(this.metrics.metrics.registry),
    });
    const fresh = { client, concurrency: connection.concurrency, fingerprint, checkedAt: Date.now() };
    this.clients.set(tenantId, fresh);
    if (cached) void cached.client.close();
    return fresh;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.clients.values()].map((c) => c.client.close()));
    this.clients.clear();
  }
}
