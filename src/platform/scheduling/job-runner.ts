import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/load-config';
import { settleWithin } from '../../shared/async/settle-within';
import { ExecutionContext } from '../../shared/context/execution-context';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { MetricsService } from '../observability/metrics.service';
import { JobLeases } from './job-leases';

export type JobOutcome =
  | { ran: true; outcome: 'completed' | 'failed'; runId: string }
  | { ran: false; reason: 'lease_held' | 'already_running' | 'shutting_down' };

export interface ExclusiveJobOptions {
  /** How long the lease lasts without renewal; renewed every third of it while the job runs. */
  ttlMs?: number;
}

/**
 * Runs scheduled work so that, across every scheduler process, one job name runs at most once at a
 * time. Cron classes call `runExclusive`; the run is recorded in `platform.job_runs` and measured.
 */
@Injectable()
export class JobRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly runs;
  private readonly duration;

  constructor(
    private readonly leases: JobLeases,
    private readonly dataSource: DataSource,
    private readonly shutdown: ShutdownState,
    metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.runs = metrics.counter('regua_scheduler_job_runs_total', 'Scheduled job runs by outcome', [
      'task',
      'outcome',
    ]);
    this.duration = metrics.histogram('regua_scheduler_job_duration_seconds', 'Scheduled job duration', [
      'task',
    ]);
  }

  async runExclusive(
    job: string,
    work: () => Promise<void>,
    options: ExclusiveJobOptions = {},
  ): Promise<JobOutcome> {
    const ttlMs = options.ttlMs ?? 60_000;
    if (this.shutdown.isShuttingDown) return { ran: false, reason: 'shutting_down' };
    if (this.inFlight.has(job)) return { ran: false, reason: 'already_running' };
    if (!(await this.leases.tryAcquire(job, this.holder, ttlMs))) {
      this.runs.inc({ task: job, outcome: 'lease_held' });
      return { ran: false, reason: 'lease_held' };
    }
    const run = this.execute(job, work, ttlMs);
    this.inFlight.set(job, run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(job);
    }
  }

  private async execute(job: string, work: () => Promise<void>, ttlMs: number): Promise<JobOutcome> {
    const correlationId = ExecutionContext.newId();
    const [{ id }] = (await this.dataSource.query(
      `INSERT INTO platform.job_runs (job_name, holder) VALUES ($1, $2) RETURNING id::text AS id`,
      [job, this.holder],
    )) as [{ id: string }];
    const renewal = setInterval(() => void this.renew(job, ttlMs), Math.max(ttlMs / 3, 50));
    const end = this.duration.startTimer({ task: job });
    let outcome: 'completed' | 'failed' = 'completed';
    let error: string | null = null;
    try {
      await ExecutionContext.run({ correlationId }, work);
    } catch (err) {
      outcome = 'failed';
      error = err instanceof Error ? err.message : String(err);
      this.logger.error({ err, job, correlationId }, `Scheduled job ${job} failed`);
    } finally {
      clearInterval(renewal);
      end();
      this.runs.inc({ task: job, outcome });
      await this.dataSource.query(
        `UPDATE platform.job_runs SET finished_at = now(), outcome = $2, error = $3 WHERE id = $1`,
        [id, outcome, error],
      );
      await this.leases.release(job, this.holder);
    }
    return { ran: true, outcome, runId: id };
  }

  private async renew(job: string, ttlMs: number): Promise<void> {
    try {
      if (!(await this.leases.renew(job, this.holder, ttlMs))) {
        this.logger.warn({ job }, `Lease for ${job} was lost while running; another scheduler may start it`);
      }
    } catch (err) {
      this.logger.warn({ err, job }, `Could not renew the lease for ${job}`);
    }
  }

  /** Lets running jobs finish (bounded by SHUTDOWN_TIMEOUT_MS) before connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.begin();
    if (this.inFlight.size === 0) return;
    this.logger.log({ jobs: [...this.inFlight.keys()] }, 'Waiting for running jobs to finish');
    const settled = await settleWithin(this.inFlight.values(), this.config.SHUTDOWN_TIMEOUT_MS);
    if (!settled) this.logger.warn({ jobs: [...this.inFlight.keys()] }, 'Jobs still running at shutdown');
  }
}
