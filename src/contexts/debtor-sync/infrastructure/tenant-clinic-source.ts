import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { IntegrationSecrets } from '../../../platform/access/integrations/integration-secrets';
import { Tenants } from '../../../platform/access/tenants';
import { OutboundHttpMetrics } from '../../../platform/outbound-http';
import { ClinicSource, type ClinicInfo, type ReportPage } from '../application/ports/clinic-source';
import { DebtorSyncMetrics } from '../application/sync/debtor-sync-metrics';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { Inject } from '@nestjs/common';
import { ClinicApiNotConfiguredError } from '../debtor-sync.errors';
import { ClinicApiClient } from './clinic/clinic-api.client';
import { clinicApiSettings } from './clinic/clinic-api-settings';
import { MalformedReportItemError, mapReportItem } from './clinic/clinic-report.mapper';
import type { WireClinic, WireReportItem } from './clinic/clinic-wire';
import type { MappedEntry } from '../domain/mirror-rows';

const SETTINGS_TTL_MS = 60_000;

interface CachedClient {
  client: ClinicApiClient;
  fingerprint: string;
  checkedAt: number;
}

/**
 * The ClinicSource port over the clinic API client, with each tenant's settings
 * (`access.tenants.integrations.clinic`: baseUrl, timeoutMs, maxRetries, concurrency, requestsPerSecond) and
 * secret `apiKey`. One client per tenant (its limiter is the tenant's rate limit), re-read every minute.
 */
@Injectable()
export class TenantClinicSource extends ClinicSource implements OnApplicationShutdown {
  private readonly clients = new Map<string, CachedClient>();

  constructor(
    private readonly tenants: Tenants,
    private readonly secrets: IntegrationSecrets,
    private readonly metrics: DebtorSyncMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async assertConfigured(tenantId: string): Promise<void> {
    await this.client(tenantId);
  }

  async searchByName(tenantId: string, name: string): Promise<ClinicInfo[]> {
    const client = await this.client(tenantId);
    return (await client.searchClinics(name)).map(clinicInfo).filter((c): c is ClinicInfo => c !== null);
  }

  async findById(tenantId: string, externalId: string): Promise<ClinicInfo | null> {
    const client = await this.client(tenantId);
    const found = await client.clinicById(externalId);
    return found ? clinicInfo(found) : null;
  }

  async *report(
    tenantId: string,
    clinic: { id: string; externalId: string },
    window: { from: string; to: string },
    today: string,
  ): AsyncIterable<ReportPage> {
    const client = await this.client(tenantId);
    const perPage = this.config.CLINIC_PAGE_SIZE;
    for (let page = 1; ; page++) {
      const mapped = mapPage(
        await client.reportPage(clinic.externalId, window.from, window.to, page, perPage),
        clinic.id,
        today,
      );
      // Only the mapped rows live on while the page is written (the raw answer is garbage already).
      yield { entries: mapped.entries, failed: mapped.failed };
      if (mapped.last) return;
    }
  }

  private async client(tenantId: string): Promise<ClinicApiClient> {
    const cached = this.clients.get(tenantId);
    if (cached && Date.now() - cached.checkedAt < SETTINGS_TTL_MS) return cached.client;
    const settings = (await this.tenants.integrations(tenantId)).clinic as
      Record<string, unknown> | undefined;
    const apiKey = await this.secrets.get(tenantId, 'clinic', 'apiKey');
    let connection;
    try {
      if (!settings)
        throw new Error('set baseUrl and the apiKey secret with PUT /api/v1/admin/integrations/clinic');
      connection = clinicApiSettings({ ...settings, baseUrl: settings.baseUrl, apiKey: apiKey ?? null });
    } catch (error) {
      throw new ClinicApiNotConfiguredError(error instanceof Error ? error.message : String(error));
    }
    const fingerprint = createHash('sha256').update(JSON.stringify(connection)).digest('hex');
    if (cached && cached.fingerprint === fingerprint) {
      cached.checkedAt = Date.now();
      return cached.client;
    }
    const client = new ClinicApiClient(
      connection,
      (e) => {
        this.metrics.requests.inc({ endpoint: e.endpoint, outcome: e.outcome });
        this.metrics.requestDuration.observe({ endpoint: e.endpoint }, e.durationMs / 1000);
      },
      OutboundHttpMetrics.in(this.metrics.metrics.registry),
    );
    this.clients.set(tenantId, { client, fingerprint, checkedAt: Date.now() });
    if (cached) void cached.client.close();
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.clients.values()].map((c) => c.client.close()));
    this.clients.clear();
  }
}

/** A report page's items as mirror rows; malformed items are counted, not thrown. */
function mapPage(
  page: { items: WireReportItem[]; last: boolean },
  clinicId: string,
  today: string,
): ReportPage & { last: boolean } {
  const entries: MappedEntry[] = [];
  let failed = 0;
  for (const item of page.items) {
    try {
      entries.push(mapReportItem(item, clinicId, today));
    } catch (error) {
      if (!(error instanceof MalformedReportItemError)) throw error;
      failed += 1;
    }
  }
  return { entries, failed, last: page.last || page.items.length === 0 };
}

function clinicInfo(raw: WireClinic): ClinicInfo | null {
  const id = raw.idClinica;
  if (!(
    (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) ||
    (typeof id === 'string' && /^\d{1,15}$/.test(id))
  ))
    return null;
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : null;
  return {
    externalId: String(Number(id)),
    name: text(raw.nomeClinica) ?? `Clínica ${String(id)}`,
    corporateName: text(raw.razaoSocial),
    cnpj: text(raw.cnpj),
    active: raw.ativo === undefined || Number(raw.ativo) === 1,
    timeZone: validTimeZone(text(raw.timezone)),
  };
}

function validTimeZone(zone: string | null): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}
