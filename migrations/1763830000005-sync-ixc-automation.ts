import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The N-days-overdue automation: per-tenant settings, once-only firings, IXC ticket intents. */
export class SyncIxcAutomation1763830000005 implements MigrationInterface {
  name = 'SyncIxcAutomation1763830000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sync_ixc.automation_settings (
        tenant_id         uuid PRIMARY KEY,
        enabled           boolean NOT NULL DEFAULT true,
        threshold_days    int NOT NULL DEFAULT 20 CHECK (threshold_days BETWEEN 1 AND 3650),
        emit_event        boolean NOT NULL DEFAULT true,
        open_ticket       boolean NOT NULL DEFAULT false,
        ticket_subject_id text,
        ticket_sector_id  text,
        ticket_title      text NOT NULL DEFAULT 'Cobrança: fatura {receivableId} com {daysOverdue} dias de atraso',
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sync_ixc.automation_firings (
        tenant_id      uuid NOT NULL,
        receivable_id  bigint NOT NULL,
        threshold_days int NOT NULL,
        fired_at       timestamptz NOT NULL DEFAULT now(),
        actions        text[] NOT NULL,
        PRIMARY KEY (tenant_id, receivable_id, threshold_days)
      )`);
    await q.query(`
      CREATE TABLE sync_ixc.ticket_intents (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id      uuid NOT NULL,
        receivable_id  bigint NOT NULL,
        threshold_days int NOT NULL,
        body           jsonb NOT NULL,
        status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'created', 'failed')),
        ixc_ticket_id  text,
        attempts       int NOT NULL DEFAULT 0,
        last_error     text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, receivable_id, threshold_days)
      )`);
    await q.query(
      `CREATE INDEX ticket_intents_pending_idx ON sync_ixc.ticket_intents (tenant_id) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sync_ixc.ticket_intents`);
    await q.query(`DROP TABLE sync_ixc.automation_firings`);
    await q.query(`DROP TABLE sync_ixc.automation_settings`);
  }
}
