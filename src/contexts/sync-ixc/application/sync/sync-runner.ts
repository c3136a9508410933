import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { JobLeases } from '../../../../platform/scheduling/job-leases';
import { settleWithin } from '../../../../shared/async/settle-within';
import { ExecutionContext } from '../../../../shared/context/execution-context';
import type { IxcRaw } from '../../domain/ixc-records';
import { SyncAlreadyRunningError } from '../../sync-ixc.errors';
import { EmitDueSoonNoticesCommand } from '../emit-due-soon-notices/emit-due-soon-notices.command';
import { EmitOverdueNoticesCommand } from '../emit-overdue-notices/emit-overdue-notices.command';
import { IxcSource, type SyncResource } from '../ports/ixc-source';
import { MirrorRepository, type MirrorRow } from '../ports/mirror.repository';
import {
  emptyProgress,
  SyncRunRepository,
  type ResourceProgress,
  type SyncMode,
  type SyncRun,
} from '../ports/sync-run.repository';
import { SyncMetrics } from './sync-metrics';

const LEASE_TTL_MS = 60_000;

/**
 * The sync engine behind StartSync and RunSync: mirrors IXC tables into `sync_ixc`, one run at a time
 * per tenant (a lease shared by all processes); a run in flight is interrupted at shutdown.
 */
@Injectable()
export class SyncRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger('IxcSync');
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly source: IxcSource,
    private readonly mirror: MirrorRepository,
    private readonly runs: SyncRunRepository,
    private readonly commands: CommandBus,
    private readonly leases: JobLeases,
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

  /** Runs to the end. */
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
      const stopRenewal = this.leases.keepRenewed(lease, holder, LEASE_TTL_MS);
      const completion = ExecutionContext.run(
        { correlationId: ExecutionContext.correlationId() ?? run.id },
        () => this.execute(run),
      ).finally(async () => {
        stopRenewal();
        await this.leases.releaseQuietly(lease, holder);
      });
      this.inFlight.add(completion);
      // a background run has no caller left to see it fail: logged, never an unhandled rejection
      void completion
        .finally(() => this.inFlight.delete(completion))
        .catch((err: unknown) => this.logger.error({ err, runId: run.id }, 'IXC sync run ended badly'));
      return { run, completion };
    } catch (error) {
      await this.leases.releaseQuietly(lease, holder);
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
          current.events += await this.commands.execute(new EmitOverdueNoticesCommand(run.tenantId));
          current.events += await this.commands.execute(new EmitDueSoonNoticesCommand(run.tenantId));
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
    report: (p: Omit<ResourceProgress, 'status'>) => Promise<void>,
  ): Promise<void> {
    const tenantId = run.tenantId;
    const watermark = run.mode === 'incremental' ? await this.mirror.watermark(tenantId, resource) : null;
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
      const rows = this.mapRows(raws, resource, totals);
      const written = await this.mirror.writePage(tenantId, resource, rows);
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
    await this.mirror.saveWatermark(tenantId, resource, newest, run.mode === 'full');
  }

  /** A row IXC sent malformed (no id, non-numeric money) is skipped and counted, never zeroed. */
  private mapRows(raws: IxcRaw[], resource: SyncResource, totals: { rejected: number }): MirrorRow[] {
    const rows: MirrorRow[] = [];
    for (const raw of raws) {
      try {
        rows.push(this.mirror.toRow(resource, raw));
      } catch (error) {
        totals.rejected += 1;
        this.metrics.rows.inc({ resource, change: 'rejected' });
        this.logger.warn({ err: error, resource, rowId: raw.id }, 'Skipped a malformed IXC row');
      }
    }
    return rows;
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

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await settleWithin(this.inFlight, this.config.SHUTDOWN_TIMEOUT_MS);
  }
}
