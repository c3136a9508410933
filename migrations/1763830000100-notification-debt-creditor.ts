import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notification-flow: who a debt is owed to when it is not the tenant itself (a clinic's name, from
 * debtor-sync's events), so a clinic's patient hears from the clinic and gets the clinic wording.
 */
export class NotificationDebtCreditor1763830000100 implements MigrationInterface {
  name = 'NotificationDebtCreditor1763830000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_flow.debts ADD COLUMN creditor_name text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_flow.debts DROP COLUMN creditor_name`);
  }
}
