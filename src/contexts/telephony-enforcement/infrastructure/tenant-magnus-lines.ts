import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { OutboundHttpMetrics } from '../../../platform/outbound-http';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { IntegrationSecrets } from '../../../platform/access/integrations/integration-secrets';
import { Tenants } from '../../../platform/access/tenants';
import { EnforcementMetrics } from '../application/enforcement-metrics';
import { MagnusLines, type MagnusLine } from '../application/ports/magnus-lines';
import { MagnusNotConfiguredError } from '../telephony-enforcement.errors';
import { MagnusClient } from './magnus/magnus.client';
import type { MagnusUser } from './magnus/magnus-records';
import { magnusConnectionSettings } from './magnus/magnus-settings';

/** How often a tenant's settings are re-read, so a change made through the API takes effect. */
const SETTINGS_TTL_MS = 60_000;
/** Above this many contracts a scoped run lists every user once instead of one search per contract. */
const SEARCHES_BEFORE_LISTING = 20;
/**
 * Users per `read` when listing everyone: 20 requests for 20,000 users instead of 40 at the client's default
 * of 500. A page of 1,000 users is about 1.5 MB of JSON, well within what Magnus's PHP answers.
 */
const LIST_PAGE_SIZE = 1000;

interface CachedClient {
  client: MagnusClient;
  contractField: string;
  fingerprint: string;
  checkedAt: number;
}

/**
 * The MagnusLines port over the Magnus client, with each tenant's settings
 * (`access.tenants.integrations.magnus`: baseUrl, contractField, verifyTls, concurrency, requestsPerSecond)
 * and key/secret (encrypted integration secrets). One client per tenant, so its limits are the tenant's.
 */
@Injectable()
export class TenantMagnusLines extends MagnusLines implements OnApplicationShutdown {
  private readonly clients = new Map<string, CachedClient>();

  constructor(
    private readonly tenants: Tenants,
    private readonly secrets: IntegrationSecrets,
    private readonly metrics: EnforcementMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async assertConfigured(tenantId: string): Promise<void> {
    await this.client(tenantId);
  }

  async all(tenantId: string): Promise<MagnusLine[]> {
    const { client, contractField } = await this.client(tenantId);
    return (await client.listUsers({ contractField, pageSize: LIST_PAGE_SIZE })).map(toLine);
  }

  async byUsernames(tenantId: string, usernames: string[]): Promise<MagnusLine[]> {
    const { client, contractField } = await this.client(tenantId);
    return (await client.findUsersByUsername(usernames, { contractField })).map(toLine);
  }

  async byContracts(tenantId: string, contractRefs: string[]): Promise<MagnusLine[]> {
    const { client, contractField } = await this.client(tenantId);
    const wanted = new Set(contractRefs.map((ref) => ref.trim()).filter((ref) => ref !== ''));
    if (wanted.size > SEARCHES_BEFORE_LISTING) {
      return (await client.listUsers({ contractField, pageSize: LIST_PAGE_SIZE }))
        .filter((u) => wanted.has(u.contractRef ?? ''))
        .map(toLine);
    }
    const found = await Promise.all(
      [...wanted].map((ref) => client.findUsersByContract(ref, { contractField })),
    );
    const byId = new Map(found.flat().map((u) => [u.id, u]));
    return [...byId.values()].sort((a, b) => a.id - b.id).map(toLine);
  }

  async getMany(
    tenantId: string,
    ids: readonly number[],
    tx?: EntityManager,
  ): Promise<Map<number, MagnusLine>> {
    if (ids.length === 0) return new Map();
    const { client, contractField } = await this.client(tenantId, tx);
    return new Map((await client.getUsers(ids, { contractField })).map((user) => [user.id, toLine(user)]));
  }

  async setActive(tenantId: string, id: number, active: number, tx?: EntityManager): Promise<MagnusLine> {
    const { client, contractField } = await this.client(tenantId, tx);
    return toLine(await client.setActive(id, active, { contractField }));
  }

  private async client(tenantId: string, tx?: EntityManager): Promise<CachedClient> {
    const cached = this.clients.get(tenantId);
    if (cached && Date.now() - cached.checkedAt < SETTINGS_TTL_MS) return cached;
    const settings = (await this.tenants.integrations(tenantId, tx)).magnus as
      Record<string, unknown> | undefined;
    const apiKey = await this.secrets.get(tenantId, 'magnus', 'apiKey', tx);
    const apiSecret = await this.secrets.get(tenantId, 'magnus', 'apiSecret', tx);
    if (!settings?.baseUrl || !apiKey || !apiSecret) {
      throw new MagnusNotConfiguredError(
        'set baseUrl (and optionally contractField), and the apiKey and apiSecret secrets, with PUT /api/v1/admin/integrations/magnus',
      );
    }
    const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
    let connection;
    try {
      connection = magnusConnectionSettings({
        baseUrl: String(settings.baseUrl),
        apiKey,
        apiSecret,
        verifyTls:
          typeof settings.verifyTls === 'boolean' ? settings.verifyTls : this.config.MAGNUS_VERIFY_TLS,
        concurrency: number(settings.concurrency),
        requestsPerSecond: number(settings.requestsPerSecond),
      });
    } catch (error) {
      throw new MagnusNotConfiguredError(error instanceof Error ? error.message : String(error));
    }
    const contractField =
      typeof settings.contractField === 'string' && settings.contractField !== ''
        ? settings.contractField
        : this.config.MAGNUS_CONTRACT_FIELD;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify({ connection, contractField }))
      .digest('hex');
    if (cached && cached.fingerprint === fingerprint) {
      cached.checkedAt = Date.now();
      return cached;
    }
    const client = new MagnusClient(connection, {
      onRequest: (e) => {
        this.metrics.magnusRequests.inc({ action: `${e.module}/${e.action}`, outcome: e.outcome });
        this.metrics.magnusRequestDuration.observe(
          { action: `${e.module}/${e.action}` },
          e.durationMs / 1000,
        );
      },
      outboundMetrics: OutboundHttpMetrics.in(this.metrics.metrics.registry),
    });
    const fresh = { client, contractField, fingerprint, checkedAt: Date.now() };
    this.clients.set(tenantId, fresh);
    if (cached) void cached.client.close();
    return fresh;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.clients.values()].map((c) => c.client.close()));
    this.clients.clear();
  }
}

function toLine(user: MagnusUser): MagnusLine {
  return {
    id: user.id,
    username: user.username,
    active: user.active,
    contractRef: user.contractRef,
    company: user.company || user.name,
  };
}
