import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notification-flow: a debt remembers the source's own version of the receivable (IXC's
 * `ultima_atualizacao`) of the last event applied to it, so an older event handled late (retry, replay,
 * concurrent batches) can neither reopen a closed debt nor overwrite a newer one. A debt closed before it
 * was ever known open is kept too (closed, as a tombstone), and such a row may have no due date.
 */
export class NotificationFlowDebtVersions1763830000012 implements MigrationInterface {
  name = 'NotificationFlowDebtVersions1763830000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_flow.debts ADD COLUMN source_updated_at timestamp`);
    await q.query(`ALTER TABLE notification_flow.debts ALTER COLUMN due_date DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification_flow.debts WHERE due_date IS NULL`);
    await q.query(`ALTER TABLE notification_flow.debts ALTER COLUMN due_date SET NOT NULL`);
    await q.query(`ALTER TABLE notification_flow.debts DROP COLUMN source_updated_at`);
  }
}
