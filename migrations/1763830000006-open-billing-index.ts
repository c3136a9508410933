import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Open billing pages by due date (and id, for a stable order) straight from an index, both directions. */
export class OpenBillingIndex1763830000006 implements MigrationInterface {
  name = 'OpenBillingIndex1763830000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sync_ixc.receivables_open_idx`);
    await q.query(
      `CREATE INDEX receivables_open_idx ON sync_ixc.receivables (tenant_id, due_date, id)
         WHERE open_cents > 0 AND status IN ('A', 'P')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sync_ixc.receivables_open_idx`);
    await q.query(
      `CREATE INDEX receivables_open_idx ON sync_ixc.receivables (tenant_id, due_date)
         WHERE open_cents > 0 AND status IN ('A', 'P')`,
    );
  }
}
