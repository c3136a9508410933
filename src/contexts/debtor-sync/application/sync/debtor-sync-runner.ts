import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { JobLeases } from '../../../../platform/scheduling/job-leases';
import { settleWithin } from '../../../../shared/async/settle-within';
import { ExecutionContext } from '../../../../shared/context/execution-context';
import { addDays, localDate } from '../../../../shared/time/local-date';
import { ClinicNotCoveredError, DebtorSyncInProgressError } from '../../debtor-sync.errors';
import { ClinicCoverageRepository, type CoveredClinic } from '../ports/clinic-coverage.repository';
import { ClinicSource } from '../ports/clinic-source';
import { DebtorMirrorRepository, FirstLoad, MIRROR_ENTITIES } from '../ports/debtor-mirror.repository';
import {
  DebtorSyncRunRepository,
  emptyCounts,
  type DebtorSyncRun,
  type RunCounts,
  type RunTrigger,
} from '../ports/debtor-sync-run.repository';
import { DebtorSyncMetrics } from './debtor-sync-metrics';

const LEASE_TTL_MS = 60_000;
/** "Everything open" before the window starts from here (the clinic API has no open-only filter). */
export const OLDEST_DUE_DATE = '2000-01-01';

/**
 * The sync engine behind StartDebtorSync and RunDebtorSync: mirrors one clinic's delinquency report into
 * `debtor_sync`, one run at a time per clinic across processes (a lease). Each page is written in its own
 * transaction, so a run that fails half-way (API down, timeouts) leaves every page it wrote consistent and
 * loses nothing: the next run reads it all again and writes only what changed. Nothing missing from an
 * answer is ever taken as paid.
 */
@Injectable()
export class DebtorSyncRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger('DebtorSync');
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly source: ClinicSource,
    private readonly coverage: ClinicCoverageRepository,
    private readonly mirror: DebtorMirrorRepository,
    private readonly runs: DebtorSyncRunRepository,
    private readonly leases: JobLeases,
    private readonly metrics: DebtorSyncMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts a run in the background; answers it at once (`running`). */
  async start(clinic: CoveredClinic, trigger: RunTrigger): Promise<DebtorSyncRun> {
    const { run } = await this.begin(clinic, trigger);
    return run;
  }

  /** Runs to the end; answers the finished run. */
  async runNow(clinic: CoveredClinic, trigger: RunTrigger): Promise<DebtorSyncRun> {
    const { run, completion } = await this.begin(clinic, trigger);
    await completion;
    return (await this.runs.get(clinic.tenantId, run.id))!;
  }

  private async begin(clinic: CoveredClinic, trigger: RunTrigger) {
    if (clinic.coverage !== 'covered') throw new ClinicNotCoveredError(clinic.id, clinic.coverage);
    await this.source.assertConfigured(clinic.tenantId);
    const lease = `debtor-sync:${clinic.tenantId}:${clinic.id}`;
    const holder = randomUUID();
    if (!(await this.leases.tryAcquire(lease, holder, LEASE_TTL_MS)))
      throw new DebtorSyncInProgressError(clinic.id);
    try {
      await this.runs.failAbandoned(clinic.tenantId, clinic.id);
      const initial = !(await this.runs.hasCompleted(clinic.tenantId, clinic.id));
      const today = localDate(new Date(), clinic.timeZone);
      const window = {
        from: addDays(today, -this.config.DEBTOR_SYNC_INITIAL_DAYS),
        to: addDays(today, this.config.DEBTOR_SYNC_AHEAD_DAYS),
      };
      const run = await this.runs.create(
        clinic.tenantId,
        clinic.id,
        initial ? 'initial' : 'periodic',
        trigger,
        window,
      );
      const stopRenewal = this.leases.keepRenewed(lease, holder, LEASE_TTL_MS);
      const completion = ExecutionContext.run(
        { correlationId: ExecutionContext.correlationId() ?? run.id },
        () => this.execute(clinic, run, today),
      ).finally(async () => {
        stopRenewal();
        await this.leases.releaseQuietly(lease, holder);
      });
      this.inFlight.add(completion);
      // a background run has no caller left to see it fail: logged, never an unhandled rejection
      void completion
        .finally(() => this.inFlight.delete(completion))
        .catch((err: unknown) =>
          this.logger.error(
            { err, runId: run.id, clinicId: clinic.id },
            'Clinic debtor sync run ended badly',
          ),
        );
      return { run, completion };
    } catch (error) {
      await this.leases.releaseQuietly(lease, holder);
      throw error;
    }
  }

  private async execute(clinic: CoveredClinic, run: DebtorSyncRun, today: string): Promise<void> {
    const counts = emptyCounts();
    const end = this.metrics.duration.startTimer();
    let error: string | null = null;
    try {
      // Due dates before the window first, keeping what is open or mirrored already: an initial run reads
      // them all ("everything open"), a periodic one from the oldest installment it holds open, so one
      // paid long ago is seen paid.
      const firstLoad = (await this.mirror.holdsClinic(clinic.tenantId, clinic.id))
        ? undefined
        : new FirstLoad();
      const oldestOpen =
        run.kind === 'initial'
          ? OLDEST_DUE_DATE
          : await this.mirror.oldestOpenDueDate(clinic.tenantId, clinic.id);
      if (oldestOpen && oldestOpen < run.windowFrom) {
        await this.pass(
          clinic,
          run,
          { from: oldestOpen, to: addDays(run.windowFrom, -1) },
          today,
          true,
          counts,
          firstLoad,
        );
      }
      await this.pass(
        clinic,
        run,
        { from: run.windowFrom, to: run.windowTo },
        today,
        false,
        counts,
        firstLoad,
      );
      counts.events += await this.mirror.emitNotices(
        clinic.tenantId,
        clinic,
        today,
        this.config.DEBTOR_DUE_SOON_DAYS,
      );
      await this.coverage.markSynced(clinic.tenantId, clinic.id);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      this.logger.error({ err, runId: run.id, clinicId: clinic.id }, 'Clinic debtor sync failed');
    } finally {
      end();
    }
    await this.runs.finish(clinic.tenantId, run.id, counts, error);
    this.metrics.runs.inc({ outcome: error ? 'failed' : 'completed' });
  }

  private async pass(
    clinic: CoveredClinic,
    run: DebtorSyncRun,
    window: { from: string; to: string },
    today: string,
    onlyOpenOrKnown: boolean,
    counts: RunCounts,
    firstLoad: FirstLoad | undefined,
  ): Promise<void> {
    // The next page is fetched while this one is written: the API's latency hides behind the database's.
    const pages = this.source.report(clinic.tenantId, clinic, window, today)[Symbol.asyncIterator]();
    let next = pages.next();
    try {
      for (;;) {
        const current = await next;
        if (current.done) break;
        const page = current.value;
        next = pages.next();
        next.catch(() => undefined); // awaited on the next turn; a write failure must not leave it unhandled
        if (this.stopping) throw new Error('interrupted: the process is shutting down');
        const written = await this.mirror.writePage(clinic.tenantId, clinic, page.entries, {
          onlyOpenOrKnown,
          today,
          dueSoonDays: this.config.DEBTOR_DUE_SOON_DAYS,
          firstLoad,
        });
        counts.pages += 1;
        counts.events += written.events;
        counts.patients.failed += page.failed;
        counts.installments.failed += page.entries.reduce((sum, e) => sum + e.rejected, 0);
        this.metrics.rows.inc({ entity: 'patients', change: 'failed' }, page.failed);
        for (const entity of MIRROR_ENTITIES) {
          const c = counts[entity];
          const w = written[entity];
          c.read += w.inserted + w.updated + w.unchanged;
          c.inserted += w.inserted;
          c.updated += w.updated;
          c.unchanged += w.unchanged;
          for (const change of ['inserted', 'updated', 'unchanged'] as const)
            this.metrics.rows.inc({ entity, change }, w[change]);
        }
        await this.runs.saveCounts(clinic.tenantId, run.id, counts);
      }
    } finally {
      await pages.return?.(undefined);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await settleWithin(this.inFlight, this.config.SHUTDOWN_TIMEOUT_MS);
  }
}
