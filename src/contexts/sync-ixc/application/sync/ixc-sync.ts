import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { Tenants } from '../../../../platform/access/tenants';
import { Outbox } from '../../../../platform/messaging/outbox';
import { JobLeases } from '../../../../platform/scheduling/job-leases';
import { settleWithin } from '../../../../shared/async/settle-within';
import { ExecutionContext } from '../../../../shared/context/execution-context';
import { addDays, daysBetween, localDate } from '../../../../shared/time/local-date';
import {
  ReceivableDueSoonEvent,
  ReceivableOverdueEvent,
  type CustomerContact,
  type ReceivablePayload,
} from '../../contracts/receivable-events';
import type { IxcRaw } from '../../infrastructure/ixc/ixc-records';
import { bulkUpsert } from '../../infrastructure/persistence/bulk-upsert';
import { SyncAlreadyRunningError } from '../../sync-ixc.errors';
import { IxcSource, type SyncResource } from '../ixc-source';
import { RESOURCE_SPECS } from './resource-specs';
import { SyncMetrics } from './sync-metrics';
import {
  emptyProgress,
  SyncRuns,
  type ResourceProgress,
  type SyncMode,
  type SyncRun,
} from './sync-runs.repository';

const LEASE_TTL_MS = 60_000;
const NOTICE_BATCH = 5000;

/** A receivable a notice fires for, with its customer's contact data (null columns: not mirrored). */
interface NoticedRow {
  id: string;
  customerId: string;
  contractId: string | null;
  dueDate: string;
  amountCents: string;
  openCents: string;
  updatedAt: string | null;
  customerName: string | null;
  document: string | null;
  email: string | null;
  mobilePhone: string | null;
  whatsapp: string | null;
  personType: string | null;
  customerMirrored: boolean;
}

/** Mirrors IXC tables into `sync_ixc`, one run at a time per tenant (a lease shared by all processes). */
@Injectable()
export class IxcSync implements BeforeApplicationShutdown {
  private readonly logger = new Logger('IxcSync');
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly source: IxcSource,
    private readonly runs: SyncRuns,
    private readonly outbox: Outbox,
    private readonly leases: JobLeases,
    private readonly tenants: Tenants,
    private readonly metrics: SyncMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts a run in the background and returns it at once (`running`). */
  async start(
    tenantId: string,
    mode: SyncMode,
    resources: SyncResource[],
    trigger: 'api' | 'schedule',
  ): Promise<SyncRun> {
    const { run, completion } = await this.begin(tenantId, mode, resources, trigger);
    void completion;
    return run;
  }

  /** Whether any resource of the tenant was ever mirrored. */
  async hasSynced(tenantId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM sync_ixc.watermarks WHERE tenant_id = $1 LIMIT 1`,
      [tenantId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Runs to the end (schedules, CLI, benchmarks). */
  async runNow(
    tenantId: string,
    mode: SyncMode,
    resources: SyncResource[],
    trigger: 'api' | 'schedule',
  ): Promise<SyncRun> {
    const { run, completion } = await this.begin(tenantId, mode, resources, trigger);
    await completion;
    return (await this.runs.get(tenantId, run.id)) as SyncRun;
  }

  private async begin(
    tenantId: string,
    mode: SyncMode,
    resources: SyncResource[],
    trigger: 'api' | 'schedule',
  ) {
    await this.source.assertConfigured(tenantId);
    const lease = `sync-ixc:${tenantId}`;
    const holder = randomUUID();
    if (!(await this.leases.tryAcquire(lease, holder, LEASE_TTL_MS))) throw new SyncAlreadyRunningError();
    try {
      await this.runs.failAbandoned(tenantId);
      const ordered = (['cliente', 'cliente_contrato', 'fn_areceber'] as const).filter((r) =>
        resources.includes(r),
      );
      const run = await this.runs.create(tenantId, mode, ordered, trigger);
      const renewal = setInterval(
        () => void this.leases.renew(lease, holder, LEASE_TTL_MS),
        LEASE_TTL_MS / 3,
      );
      const completion = ExecutionContext.run(
        { correlationId: ExecutionContext.correlationId() ?? run.id },
        () => this.execute(run),
      ).finally(async () => {
        clearInterval(renewal);
        await this.leases.release(lease, holder);
      });
      this.inFlight.add(completion);
      void completion.finally(() => this.inFlight.delete(completion));
      return { run, completion };
    } catch (error) {
      await this.leases.release(lease, holder);
      throw error;
    }
  }

  private async execute(run: SyncRun): Promise<void> {
    const progress = { ...run.progress };
    let error: string | null = null;
    for (const resource of run.resources) {
      const current: ResourceProgress = { ...emptyProgress(), status: 'running' };
      progress[resource] = current;
      const end = this.metrics.syncDuration.startTimer({ resource, mode: run.mode });
      try {
        await this.syncResource(run, resource, async (page) => {
          Object.assign(current, page);
          await this.runs.saveProgress(run.id, progress);
        });
        current.status = 'completed';
        if (resource === 'fn_areceber') {
          current.events += await this.noticeOverdue(run.tenantId);
          current.events += await this.noticeDueSoon(run.tenantId);
        }
      } catch (err) {
        current.status = 'failed';
        error = `${resource}: ${err instanceof Error ? err.message : String(err)}`;
        this.logger.error({ err, runId: run.id, resource }, `IXC sync of ${resource} failed`);
        break;
      } finally {
        end();
      }
    }
    await this.runs.finish(run.id, progress, error);
    this.metrics.runs.inc({ mode: run.mode, trigger: run.trigger, outcome: error ? 'failed' : 'completed' });
  }

  private async syncResource(
    run: SyncRun,
    resource: SyncResource,
    report: (p: {
      pages: number;
      read: number;
      inserted: number;
      updated: number;
      unchanged: number;
      events: number;
    }) => Promise<void>,
  ): Promise<void> {
    const spec = RESOURCE_SPECS[resource];
    const tenantId = run.tenantId;
    const watermark = run.mode === 'incremental' ? await this.watermark(tenantId, resource) : null;
    const updatedSince = watermark ? this.overlapStart(watermark) : null;
    const totals = { pages: 0, read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, events: 0 };
    let afterId = '0';
    let newest = watermark;
    for (;;) {
      if (this.stopping) throw new Error('interrupted: the process is shutting down');
      const raws = await this.source.page(tenantId, resource, {
        afterId,
        updatedSince,
        pageSize: this.config.IXC_PAGE_SIZE,
      });
      const rows = this.mapRows(spec, raws, resource, totals);
      const written = await this.dataSource.transaction(async (tx: EntityManager) => {
        const events = await spec.changes(tx, tenantId, rows);
        const counts = await bulkUpsert(tx, spec.mirrorTable, tenantId, spec.columns, rows);
        await this.outbox.publish(tx, events);
        return { ...counts, events: events.length };
      });
      totals.pages += 1;
      totals.read += raws.length;
      totals.inserted += written.inserted;
      totals.updated += written.updated;
      totals.unchanged += written.unchanged;
      totals.events += written.events;
      this.metrics.rows.inc({ resource, change: 'inserted' }, written.inserted);
      this.metrics.rows.inc({ resource, change: 'updated' }, written.updated);
      this.metrics.rows.inc({ resource, change: 'unchanged' }, written.unchanged);
      await report(totals);
      for (const row of rows) {
        if (BigInt(row.id) > BigInt(afterId)) afterId = row.id;
        if (row.updatedAt && (!newest || row.updatedAt > newest)) newest = row.updatedAt;
      }
      if (raws.length < this.config.IXC_PAGE_SIZE) break;
    }
    await this.dataSource.query(
      `INSERT INTO sync_ixc.watermarks (tenant_id, resource, ixc_updated_at, last_full_at)
       VALUES ($1, $2, $3, CASE WHEN $4 THEN now() END)
       ON CONFLICT (tenant_id, resource) DO UPDATE
         SET ixc_updated_at = EXCLUDED.ixc_updated_at,
             last_full_at = coalesce(EXCLUDED.last_full_at, sync_ixc.watermarks.last_full_at)`,
      [tenantId, resource, newest, run.mode === 'full'],
    );
  }

  /** A row IXC sent malformed (no id, non-numeric money) is skipped and counted, never zeroed. */
  private mapRows<T extends { id: string; updatedAt: string | null }>(
    spec: { map(raw: IxcRaw): T },
    raws: IxcRaw[],
    resource: SyncResource,
    totals: { rejected: number },
  ): T[] {
    const rows: T[] = [];
    for (const raw of raws) {
      try {
        rows.push(spec.map(raw));
      } catch (error) {
        totals.rejected += 1;
        this.metrics.rows.inc({ resource, change: 'rejected' });
        this.logger.warn({ err: error, resource, rowId: raw.id }, 'Skipped a malformed IXC row');
      }
    }
    return rows;
  }

  private async watermark(tenantId: string, resource: SyncResource): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      `SELECT to_char(ixc_updated_at, 'YYYY-MM-DD HH24:MI:SS') AS at FROM sync_ixc.watermarks
        WHERE tenant_id = $1 AND resource = $2`,
      [tenantId, resource],
    )) as Array<{ at: string | null }>;
    return row?.at ?? null;
  }

  /**
   * IXC filters `ultima_atualizacao` by calendar day, in the server's local time. Re-reading from the
   * day of (watermark − overlap) catches rows written late in a transaction or with a skewed clock;
   * unchanged rows cost nothing (content hash).
   */
  private overlapStart(watermark: string): string {
    const at = Date.parse(`${watermark.replace(' ', 'T')}Z`) - this.config.IXC_SYNC_OVERLAP_MINUTES * 60_000;
    return new Date(at).toISOString().slice(0, 10);
  }

  /** Emits ReceivableOverdue once per open receivable past its due date (tenant's calendar). */
  async noticeOverdue(tenantId: string): Promise<number> {
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    return this.noticeOnce(
      tenantId,
      'sync_ixc.overdue_notices',
      `r.due_date < $2::date`,
      [today],
      (row) =>
        new ReceivableOverdueEvent(tenantId, {
          ...receivablePayload(row),
          daysOverdue: daysBetween(row.dueDate, today),
          ...customerOf(row),
        }),
    );
  }

  /**
   * Emits ReceivableDueSoon once per open, released receivable and due date when it falls due within
   * the next IXC_DUE_SOON_DAYS days (today included, tenant's calendar). A receivable first mirrored
   * when already overdue gets no due-soon notice; a new due date gets one of its own.
   */
  async noticeDueSoon(tenantId: string): Promise<number> {
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    const until = addDays(today, this.config.IXC_DUE_SOON_DAYS);
    return this.noticeOnce(
      tenantId,
      'sync_ixc.due_soon_notices',
      `r.due_date BETWEEN $2::date AND $3::date`,
      [today, until],
      (row) =>
        new ReceivableDueSoonEvent(tenantId, {
          ...receivablePayload(row),
          daysUntilDue: daysBetween(today, row.dueDate),
          ...customerOf(row),
        }),
    );
  }

  /**
   * Records open, released receivables matching `dueCondition` in a (tenant, receivable, due date)
   * ledger and publishes one event per newly recorded row in the same transaction, in batches.
   */
  private async noticeOnce(
    tenantId: string,
    ledger: 'sync_ixc.overdue_notices' | 'sync_ixc.due_soon_notices',
    dueCondition: string,
    params: string[],
    event: (row: NoticedRow) => ReceivableOverdueEvent | ReceivableDueSoonEvent,
  ): Promise<number> {
    const batch = `$${params.length + 2}`;
    let total = 0;
    for (;;) {
      const emitted = await this.dataSource.transaction(async (tx) => {
        const rows = (await tx.query(
          `WITH due AS (
             SELECT r.id, r.due_date FROM sync_ixc.receivables r
              WHERE r.tenant_id = $1 AND r.open_cents > 0 AND r.status IN ('A', 'P') AND r.released
                AND ${dueCondition}
                AND NOT EXISTS (SELECT 1 FROM ${ledger} n
                                 WHERE n.tenant_id = r.tenant_id AND n.receivable_id = r.id AND n.due_date = r.due_date)
              ORDER BY r.id LIMIT ${batch}),
           noticed AS (
             INSERT INTO ${ledger} (tenant_id, receivable_id, due_date)
             SELECT $1, id, due_date FROM due ON CONFLICT DO NOTHING RETURNING receivable_id)
           SELECT r.id::text AS id, r.customer_id::text AS "customerId", r.contract_id::text AS "contractId",
                  to_char(r.due_date, 'YYYY-MM-DD') AS "dueDate", r.amount_cents::int8 AS "amountCents",
                  r.open_cents::int8 AS "openCents",
                  to_char(r.ixc_updated_at, 'YYYY-MM-DD HH24:MI:SS') AS "updatedAt",
                  c.id IS NOT NULL AS "customerMirrored", c.name AS "customerName", c.document,
                  nullif(btrim(c.email), '') AS email, nullif(btrim(c.mobile_phone), '') AS "mobilePhone",
                  nullif(btrim(c.whatsapp), '') AS whatsapp, nullif(btrim(c.person_type), '') AS "personType"
             FROM noticed
             JOIN sync_ixc.receivables r ON r.tenant_id = $1 AND r.id = noticed.receivable_id
             LEFT JOIN sync_ixc.customers c ON c.tenant_id = $1 AND c.id = r.customer_id
            ORDER BY r.id`,
          [tenantId, ...params, NOTICE_BATCH],
        )) as NoticedRow[];
        await this.outbox.publish(tx, rows.map(event));
        return rows.length;
      });
      total += emitted;
      if (emitted < NOTICE_BATCH) return total;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await settleWithin(this.inFlight, this.config.SHUTDOWN_TIMEOUT_MS);
  }
}

function receivablePayload(row: NoticedRow): ReceivablePayload {
  return {
    receivableId: row.id,
    customerId: row.customerId,
    contractId: row.contractId,
    dueDate: row.dueDate,
    amountCents: Number(row.amountCents),
    openCents: Number(row.openCents),
    updatedAt: row.updatedAt,
  };
}

/** `{ customer }` when the customer is mirrored; nothing otherwise (the field is optional). */
function customerOf(row: NoticedRow): { customer?: CustomerContact } {
  if (!row.customerMirrored) return {};
  return {
    customer: {
      name: row.customerName ?? '',
      document: row.document,
      email: row.email,
      mobilePhone: row.mobilePhone,
      whatsapp: row.whatsapp,
      personType: row.personType,
    },
  };
}
