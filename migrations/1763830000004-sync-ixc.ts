import type { MigrationInterface, QueryRunner } from 'typeorm';

/** sync-ixc: the mirror of the ISP's ERP, its sync ledger and watermarks. */
export class SyncIxc1763830000004 implements MigrationInterface {
  name = 'SyncIxc1763830000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS sync_ixc`);
    await q.query(`
      CREATE TABLE sync_ixc.customers (
        tenant_id      uuid NOT NULL,
        id             bigint NOT NULL,
        name           text NOT NULL,
        trade_name     text,
        document       text,
        document_valid boolean NOT NULL,
        person_type    text,
        active         boolean NOT NULL,
        email          text,
        mobile_phone   text,
        whatsapp       text,
        landline       text,
        branch_id      text,
        ixc_updated_at timestamp,
        row_hash       text NOT NULL,
        synced_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE sync_ixc.contracts (
        tenant_id           uuid NOT NULL,
        id                  bigint NOT NULL,
        customer_id         bigint NOT NULL,
        branch_id           text,
        plan                text,
        status              text NOT NULL,
        internet_status     text NOT NULL,
        speed_status        text,
        do_not_block_until  date,
        trust_unlock_active boolean NOT NULL,
        activated_at        date,
        ixc_updated_at      timestamp,
        row_hash            text NOT NULL,
        synced_at           timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE sync_ixc.receivables (
        tenant_id      uuid NOT NULL,
        id             bigint NOT NULL,
        customer_id    bigint NOT NULL,
        contract_id    bigint,
        branch_id      text,
        status         text NOT NULL,
        released       boolean NOT NULL,
        amount_cents   bigint NOT NULL,
        open_cents     bigint NOT NULL,
        received_cents bigint NOT NULL,
        due_date       date,
        issued_at      date,
        paid_at        date,
        cancelled_at   date,
        ixc_updated_at timestamp,
        row_hash       text NOT NULL,
        synced_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX receivables_open_idx ON sync_ixc.receivables (tenant_id, due_date)
         WHERE open_cents > 0 AND status IN ('A', 'P')`,
    );
    await q.query(`
      CREATE TABLE sync_ixc.sync_runs (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id   uuid NOT NULL,
        mode        text NOT NULL CHECK (mode IN ('incremental', 'full')),
        resources   text[] NOT NULL,
        trigger     text NOT NULL CHECK (trigger IN ('api', 'schedule')),
        status      text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        progress    jsonb NOT NULL DEFAULT '{}'::jsonb,
        error       text,
        started_at  timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX sync_runs_tenant_idx ON sync_ixc.sync_runs (tenant_id, started_at DESC)`);
    await q.query(`
      CREATE TABLE sync_ixc.watermarks (
        tenant_id      uuid NOT NULL,
        resource       text NOT NULL,
        ixc_updated_at timestamp,
        last_full_at   timestamptz,
        PRIMARY KEY (tenant_id, resource)
      )`);
    await q.query(`
      CREATE TABLE sync_ixc.overdue_notices (
        tenant_id     uuid NOT NULL,
        receivable_id bigint NOT NULL,
        due_date      date NOT NULL,
        noticed_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, receivable_id, due_date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA sync_ixc CASCADE`);
  }
}
