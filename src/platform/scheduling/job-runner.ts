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
import { JobHeartbeats } from './job-heartbeats';
import { JobLeases } from './job-leases';

export type JobOutcome =
  | { ran: true; outcome: 'completed' | 'failed' }
  | { ran: false; reason: 'lease_held' | 'already_running' | 'shutting_down' | 'lease_unavailable' };

export interface ExclusiveJobOptions {
  /** How long the lease lasts without renewal; renewed every third of it while the job runs. */
  ttlMs?: number;
  /** How often the job is meant to run (published, so "job not run on schedule" can alert). */
  everyMs?: number;
}

/** Work answers `'idle'` when it found nothing to do: such a run leaves no `platform.job_runs` row. */
export type JobWork = () => Promise<void | 'idle'>;

/** Runs last minutes at scale (a full reconcile, a full sync): buckets reach well past 10 s. */
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

/**
 * Runs scheduled work so that, across every scheduler process, one job name runs at most once at a
 * time. Cron classes call `runExclusive`; every run beats the job's heartbeat and is measured, and
 * the runs that did something (or failed) are recorded in `platform.job_runs`.
 */
@Injectable()
export class JobRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly runs;
  private readonly duration;
  private readonly declared = new Set<string>();

  constructor(
    private readonly leases: JobLeases,
    private readonly dataSource: DataSource,
    private readonly shutdown: ShutdownState,
    private readonly heartbeats: JobHeartbeats,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.runs = metrics.counter(
      'regua_scheduler_job_runs_total',
      'Scheduled job runs by outcome',
      ['task', 'outcome'],
      { outcome: ['completed', 'failed', 'lease_held'] },
    );
    this.duration = metrics.histogram(
      'regua_scheduler_job_duration_seconds',
      'Scheduled job duration',
      ['task'],
      DURATION_BUCKETS,
    );
  }

  /** Makes the job's run counters visible at zero before its first run (see MetricsService). */
  declare(job: string): void {
    if (this.declared.has(job)) return;
    this.declared.add(job);
    this.metrics.declareLabelValues('regua_scheduler_job_runs_total', { task: [job] });
  }

  async runExclusive(job: string, work: JobWork, options: ExclusiveJobOptions = {}): Promise<JobOutcome> {
    const ttlMs = options.ttlMs ?? 60_000;
    this.declare(job);
    if (this.shutdown.isShuttingDown) return { ran: false, reason: 'shutting_down' };
    if (this.inFlight.has(job)) return { ran: false, reason: 'already_running' };
    let acquired: boolean;
    try {
      acquired = await this.leases.tryAcquire(job, this.holder, ttlMs);
    } catch (err) {
      // Never a rejection: callers are cron ticks and loops (`void runExclusive(...)`), where it would be
      // unhandled. The database went away (shutdown, failover): the next tick tries again.
      if (this.shutdown.isShuttingDown) return { ran: false, reason: 'shutting_down' };
      this.logger.warn({ err, job }, `Scheduled job ${job} skipped: its lease could not be taken`);
      return { ran: false, reason: 'lease_unavailable' };
    }
    if (!acquired) {
      this.runs.inc({ task: job, outcome: 'lease_held' });
      return { ran: false, reason: 'lease_held' };
    }
    const run = this.execute(job, work, ttlMs, options.everyMs);
    this.inFlight.set(job, run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(job);
    }
  }

  private async execute(
    job: string,
    work: JobWork,
    ttlMs: number,
    everyMs: number | undefined,
  ): Promise<JobOutcome> {
    const correlationId = ExecutionContext.newId();
    const startedAt = new Date();
    const renewal = setInterval(() => void this.renew(job, ttlMs), Math.max(ttlMs / 3, 50));
    const end = this.duration.startTimer({ task: job });
    let outcome: 'completed' | 'failed' = 'completed';
    let error: string | null = null;
    let idle = false;
    try {
      idle = (await ExecutionContext.run({ correlationId }, work)) === 'idle';
    } catch (err) {
      outcome = 'failed';
      error = err instanceof Error ? err.message : String(err);
      this.logger.error({ err, job, correlationId }, `Scheduled job ${job} failed`);
    } finally {
      clearInterval(renewal);
      end();
      this.runs.inc({ task: job, outcome });
      await this.record(job, startedAt, outcome, error, idle, everyMs);
    }
    return { ran: true, outcome };
  }

  /**
   * Books the run (row, heartbeat) and frees the lease. A failure here (the database went away, e.g. a job
   * outlived the shutdown drain) is logged, never thrown: the lease expires by itself, and a rejected cron
   * handler would take the whole process down.
   */
  private async record(
    job: string,
    startedAt: Date,
    outcome: 'completed' | 'failed',
    error: string | null,
    idle: boolean,
    everyMs: number | undefined,
  ): Promise<void> {
    try {
      if (outcome === 'failed' || !idle) {
        await this.dataSource.query(
          `INSERT INTO platform.job_runs (job_name, holder, started_at, finished_at, outcome, error)
           VALUES ($1, $2, $3, now(), $4, $5)`,
          [job, this.holder, startedAt, outcome, error],
        );
      }
      await this.heartbeats.ran(
        job,
        outcome,
        this.holder,
        everyMs === undefined ? undefined : everyMs / 1000,
      );
      await this.leases.release(job, this.holder);
    } catch (err) {
      this.logger.warn({ err, job }, `Could not record the run of ${job}; its lease will expire by itself`);
    }
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
