import type { MigrationInterface, QueryRunner } from 'typeorm';

/** telephony-enforcement: reconcile runs, their decided actions (the audit trail), per-tenant state. */
export class TelephonyEnforcement1763830000007 implements MigrationInterface {
  name = 'TelephonyEnforcement1763830000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS telephony_enforcement`);
    await q.query(`
      CREATE TABLE telephony_enforcement.runs (
        id            uuid PRIMARY KEY,
        tenant_id     uuid NOT NULL,
        trigger       text NOT NULL CHECK (trigger IN ('schedule', 'api', 'event', 'cli')),
        dry_run       boolean NOT NULL,
        forced        boolean NOT NULL DEFAULT false,
        scope         jsonb NOT NULL DEFAULT '{}',
        status        text NOT NULL CHECK (status IN ('running', 'completed', 'held', 'failed')),
        phase         text NOT NULL DEFAULT 'listing',
        users_listed  integer NOT NULL DEFAULT 0,
        accounts      integer NOT NULL DEFAULT 0,
        counts        jsonb NOT NULL DEFAULT '{}',
        pending       integer NOT NULL DEFAULT 0,
        applied       integer NOT NULL DEFAULT 0,
        failed        integer NOT NULL DEFAULT 0,
        held_reason   text,
        error         text,
        requested_by  text,
        started_at    timestamptz NOT NULL DEFAULT now(),
        heartbeat_at  timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz
      )`);
    await q.query(
      `CREATE INDEX runs_tenant_started_idx ON telephony_enforcement.runs (tenant_id, started_at DESC)`,
    );
    await q.query(
      `CREATE INDEX runs_running_idx ON telephony_enforcement.runs (tenant_id) WHERE status = 'running'`,
    );
    await q.query(`
      CREATE TABLE telephony_enforcement.actions (
        id              uuid PRIMARY KEY,
        run_id          uuid NOT NULL REFERENCES telephony_enforcement.runs (id) ON DELETE CASCADE,
        tenant_id       uuid NOT NULL,
        seq             integer NOT NULL,
        magnus_user_id  bigint NOT NULL,
        username        text NOT NULL,
        company         text NOT NULL DEFAULT '',
        contract_id     text,
        action          text NOT NULL
                        CHECK (action IN ('no_change', 'block', 'unblock', 'disable', 'enable')),
        from_state      text NOT NULL,
        to_state        text NOT NULL,
        from_value      smallint,
        to_value        smallint,
        reason          text NOT NULL,
        detail          text NOT NULL DEFAULT '',
        outcome         text NOT NULL
                        CHECK (outcome IN ('none', 'pending', 'applied', 'already_applied', 'dry_run',
                                           'skipped', 'failed', 'held')),
        error           text,
        attempts        integer NOT NULL DEFAULT 0,
        applied_at      timestamptz,
        reported_at     timestamptz,
        UNIQUE (run_id, seq)
      )`);
    await q.query(
      `CREATE INDEX actions_run_actionable_idx ON telephony_enforcement.actions (run_id, seq)
         WHERE action <> 'no_change'`,
    );
    // a run leaves alone the lines another run is still changing
    await q.query(
      `CREATE INDEX actions_tenant_line_idx ON telephony_enforcement.actions (tenant_id, magnus_user_id)
         WHERE action <> 'no_change'`,
    );
    await q.query(`
      CREATE TABLE telephony_enforcement.tenant_state (
        tenant_id   uuid PRIMARY KEY,
        paused      boolean NOT NULL DEFAULT false,
        paused_at   timestamptz,
        paused_by   text,
        settings    jsonb NOT NULL DEFAULT '{}',
        -- sha256 of Discord webhook URLs that answered 10015 Unknown Webhook: not posted to again
        disabled_webhooks text[] NOT NULL DEFAULT '{}',
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // Contracts whose IXC status changed: their lines are re-evaluated within seconds (the fast path).
    await q.query(`
      CREATE TABLE telephony_enforcement.contract_rechecks (
        tenant_id    uuid NOT NULL,
        contract_id  text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, contract_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA telephony_enforcement CASCADE`);
  }
}
