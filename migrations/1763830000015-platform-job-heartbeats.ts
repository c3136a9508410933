import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per scheduled job, updated in place by every run (idle ones included): "job not run on
 * schedule" alerts read it, so `platform.job_runs` can keep only the runs that did something.
 */
export class PlatformJobHeartbeats1763830000015 implements MigrationInterface {
  name = 'PlatformJobHeartbeats1763830000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform.job_heartbeats (
        job_name         text PRIMARY KEY,
        interval_seconds double precision,
        scheduled_at     timestamptz NOT NULL DEFAULT now(),
        last_run_at      timestamptz,
        last_outcome     text CHECK (last_outcome IN ('completed', 'failed')),
        last_holder      text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.job_heartbeats`);
  }
}
