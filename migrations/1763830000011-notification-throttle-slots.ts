import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notification-flow: a throttle slot belongs to the send that took it. While the send is in flight the
 * slot counts whatever its age; once settled it counts from the moment the provider answered, so a slow
 * provider cannot squeeze two windows' worth of deliveries into one.
 */
export class NotificationThrottleSlots1763830000011 implements MigrationInterface {
  name = 'NotificationThrottleSlots1763830000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_flow.throttle_sends ADD COLUMN schedule_id uuid`);
    await q.query(
      `ALTER TABLE notification_flow.throttle_sends ADD COLUMN in_flight boolean NOT NULL DEFAULT false`,
    );
    await q.query(
      `CREATE INDEX throttle_sends_schedule_idx ON notification_flow.throttle_sends (schedule_id)
        WHERE in_flight`,
    );
    await q.query(
      `CREATE INDEX throttle_sends_in_flight_idx ON notification_flow.throttle_sends (key, at) WHERE in_flight`,
    );
    await q.query(
      `CREATE INDEX schedules_stale_idx ON notification_flow.schedules (updated_at)
        WHERE status IN ('queued', 'sending')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_flow.schedules_stale_idx`);
    await q.query(`DROP INDEX notification_flow.throttle_sends_in_flight_idx`);
    await q.query(`DROP INDEX notification_flow.throttle_sends_schedule_idx`);
    await q.query(`ALTER TABLE notification_flow.throttle_sends DROP COLUMN in_flight`);
    await q.query(`ALTER TABLE notification_flow.throttle_sends DROP COLUMN schedule_id`);
  }
}
