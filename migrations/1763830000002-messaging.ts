import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Transactional outbox, consumer inbox, dead letters, and the in-process transport's deliveries. */
export class Messaging1763830000002 implements MigrationInterface {
  name = 'Messaging1763830000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS messaging`);
    await q.query(`
      CREATE TABLE messaging.outbox (
        seq          bigserial PRIMARY KEY,
        message_id   uuid NOT NULL,
        tenant_id    uuid,
        exchange     text NOT NULL,
        routing_key  text NOT NULL,
        payload      jsonb NOT NULL,
        headers      jsonb NOT NULL DEFAULT '{}'::jsonb,
        ordering_key text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        attempts     int NOT NULL DEFAULT 0,
        last_error   text,
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON messaging.outbox (seq) WHERE published_at IS NULL`);
    await q.query(
      `CREATE INDEX outbox_pending_ordering_idx ON messaging.outbox (ordering_key, seq)
         WHERE published_at IS NULL AND ordering_key IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX outbox_published_idx ON messaging.outbox (published_at) WHERE published_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE messaging.inbox (
        consumer     text NOT NULL,
        message_id   uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
    await q.query(`CREATE INDEX inbox_processed_idx ON messaging.inbox (processed_at)`);
    await q.query(`
      CREATE TABLE messaging.dead_letters (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id        uuid,
        consumer         text NOT NULL,
        message_id       uuid NOT NULL,
        routing_key      text NOT NULL,
        payload          jsonb NOT NULL,
        headers          jsonb NOT NULL DEFAULT '{}'::jsonb,
        attempts         int NOT NULL,
        error            text NOT NULL,
        dead_lettered_at timestamptz NOT NULL DEFAULT now(),
        replayed_at      timestamptz
      )`);
    await q.query(
      `CREATE INDEX dead_letters_list_idx ON messaging.dead_letters (tenant_id, consumer, dead_lettered_at DESC)`,
    );
    await q.query(`
      CREATE TABLE messaging.local_deliveries (
        id           bigserial PRIMARY KEY,
        consumer     text NOT NULL,
        message_id   uuid NOT NULL,
        routing_key  text NOT NULL,
        payload      jsonb NOT NULL,
        headers      jsonb NOT NULL DEFAULT '{}'::jsonb,
        attempt      int NOT NULL DEFAULT 1,
        available_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX local_deliveries_due_idx ON messaging.local_deliveries (consumer, available_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA messaging CASCADE`);
  }
}
