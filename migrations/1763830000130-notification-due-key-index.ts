import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispatcher claims each tenant channel's due schedules on their own (a few seconds of its rate per
 * pass, so one tenant's campaign does not fill the channel queue ahead of every other tenant): it finds
 * the tenant channels with due schedules by a skip scan of this index, then reads each one's oldest due
 * rows in order from it, without reading the other tenants' rows.
 */
export class NotificationDueKeyIndex1763830000130 implements MigrationInterface {
  name = 'NotificationDueKeyIndex1763830000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX schedules_due_key_idx ON notification_flow.schedules (tenant_id, channel, due_at, planned_at)
         WHERE status IN ('planned', 'deferred')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_flow.schedules_due_key_idx`);
  }
}
