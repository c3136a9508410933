import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Platform bookkeeping: scheduler leases (so two scheduler processes never run the same job at once). */
export class PlatformSchema1763830000000 implements MigrationInterface {
  name = 'PlatformSchema1763830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS platform`);
    await q.query(`
      CREATE TABLE platform.job_leases (
        job_name    text PRIMARY KEY,
        holder      text NOT NULL,
        acquired_at timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE platform.job_runs (
        id          bigserial PRIMARY KEY,
        job_name    text NOT NULL,
        holder      text NOT NULL,
        started_at  timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        outcome     text CHECK (outcome IN ('completed', 'failed')),
        error       text
      )`);
    await q.query(`CREATE INDEX job_runs_job_started_idx ON platform.job_runs (job_name, started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.job_runs`);
    await q.query(`DROP TABLE platform.job_leases`);
    await q.query(`DROP SCHEMA platform`);
  }
}
