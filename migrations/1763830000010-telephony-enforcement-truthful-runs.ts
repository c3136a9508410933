import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * telephony-enforcement: runs say how each action ended (skipped and simulated counted apart from applied;
 * a run whose writes failed is not `completed`), and contract rechecks carry a row version so the one
 * that was processed can be deleted exactly, whatever the precision of the timestamps a client reads.
 */
export class TelephonyEnforcementTruthfulRuns1763830000010 implements MigrationInterface {
  name = 'TelephonyEnforcementTruthfulRuns1763830000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE telephony_enforcement.runs
        ADD COLUMN skipped   integer NOT NULL DEFAULT 0,
        ADD COLUMN simulated integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE telephony_enforcement.runs DROP CONSTRAINT runs_status_check`);
    await q.query(`
      ALTER TABLE telephony_enforcement.runs ADD CONSTRAINT runs_status_check
        CHECK (status IN ('running', 'completed', 'completed_with_errors', 'held', 'failed'))`);
    // Restrictions applied or in flight lately: the safety breaker's sliding window.
    await q.query(`
      CREATE INDEX actions_tenant_restricting_idx ON telephony_enforcement.actions (tenant_id, applied_at)
        WHERE action IN ('block', 'disable') AND outcome IN ('pending', 'applied')`);
    await q.query(`CREATE SEQUENCE telephony_enforcement.contract_rechecks_version_seq`);
    await q.query(`
      ALTER TABLE telephony_enforcement.contract_rechecks
        ADD COLUMN version bigint NOT NULL DEFAULT nextval('telephony_enforcement.contract_rechecks_version_seq')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE telephony_enforcement.contract_rechecks DROP COLUMN version`);
    await q.query(`DROP SEQUENCE telephony_enforcement.contract_rechecks_version_seq`);
    await q.query(`DROP INDEX telephony_enforcement.actions_tenant_restricting_idx`);
    await q.query(
      `UPDATE telephony_enforcement.runs SET status = 'completed' WHERE status = 'completed_with_errors'`,
    );
    await q.query(`ALTER TABLE telephony_enforcement.runs DROP CONSTRAINT runs_status_check`);
    await q.query(`
      ALTER TABLE telephony_enforcement.runs ADD CONSTRAINT runs_status_check
        CHECK (status IN ('running', 'completed', 'held', 'failed'))`);
    await q.query(`ALTER TABLE telephony_enforcement.runs DROP COLUMN skipped, DROP COLUMN simulated`);
  }
}
