import type { MigrationInterface, QueryRunner } from 'typeorm';

/** sync-ixc: the ledger that makes ReceivableDueSoon fire once per receivable and due date. */
export class SyncIxcDueSoon1763830000009 implements MigrationInterface {
  name = 'SyncIxcDueSoon1763830000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sync_ixc.due_soon_notices (
        tenant_id     uuid NOT NULL,
        receivable_id bigint NOT NULL,
        due_date      date NOT NULL,
        noticed_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, receivable_id, due_date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sync_ixc.due_soon_notices`);
  }
}
