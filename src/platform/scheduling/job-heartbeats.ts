import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService } from '../observability/metrics.service';

interface HeartbeatRow {
  job_name: string;
  interval_seconds: number | null;
  last_seen: number;
}

/**
 * The last run of each job, one row per job in `platform.job_heartbeats` (updated in place, so a job
 * ticking every 2 s costs one row, not a million a month). Published from the table at scrape time —
 * every process reports the same values, aggregate them with `max by (task)` — so a job that stopped
 * running is seen whichever scheduler used to run it.
 */
@Injectable()
export class JobHeartbeats {
  constructor(
    private readonly dataSource: DataSource,
    metrics: MetricsService,
  ) {
    const read = async (): Promise<HeartbeatRow[]> => {
      if (!this.dataSource.isInitialized) return [];
      return (await this.dataSource.query(
        `SELECT job_name, interval_seconds,
                extract(epoch FROM coalesce(last_run_at, scheduled_at))::float AS last_seen
           FROM platform.job_heartbeats`,
      )) as HeartbeatRow[];
    };
    metrics.gaugeCollectedByLabels(
      'regua_scheduler_job_last_run_timestamp_seconds',
      'When each scheduled job last ran (before its first run: when it was first scheduled); same in every process, use max',
      ['task'],
      async () => (await read()).map((row) => ({ labels: { task: row.job_name }, value: row.last_seen })),
    );
    metrics.gaugeCollectedByLabels(
      'regua_scheduler_job_interval_seconds',
      'How often each scheduled job is meant to run; same in every process, use max',
      ['task'],
      async () =>
        (await read())
          .filter((row) => row.interval_seconds !== null)
          .map((row) => ({ labels: { task: row.job_name }, value: row.interval_seconds! })),
    );
  }

  /** A scheduler armed the job: it is expected every `intervalSeconds` from now on. */
  async scheduled(job: string, intervalSeconds: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO platform.job_heartbeats (job_name, interval_seconds) VALUES ($1, $2)
       ON CONFLICT (job_name) DO UPDATE SET interval_seconds = EXCLUDED.interval_seconds`,
      [job, intervalSeconds],
    );
  }

  async ran(
    job: string,
    outcome: 'completed' | 'failed',
    holder: string,
    intervalSeconds?: number,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO platform.job_heartbeats (job_name, interval_seconds, last_run_at, last_outcome, last_holder)
       VALUES ($1, $2, now(), $3, $4)
       ON CONFLICT (job_name) DO UPDATE
         SET interval_seconds = coalesce(EXCLUDED.interval_seconds, job_heartbeats.interval_seconds),
             last_run_at = now(), last_outcome = EXCLUDED.last_outcome, last_holder = EXCLUDED.last_holder`,
      [job, intervalSeconds ?? null, outcome, holder],
    );
  }
}
