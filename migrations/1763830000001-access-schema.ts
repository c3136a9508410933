import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenants (an ISP or a clinic network) and their users. */
export class AccessSchema1763830000001 implements MigrationInterface {
  name = 'AccessSchema1763830000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS access`);
    await q.query(`
      CREATE TABLE access.tenants (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        name         text NOT NULL,
        time_zone    text NOT NULL DEFAULT 'America/Sao_Paulo',
        mode         text NOT NULL CHECK (mode IN ('demo', 'live')),
        integrations jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE access.users (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id     uuid NOT NULL REFERENCES access.tenants (id),
        email         text NOT NULL CHECK (email = lower(email)),
        password_hash text NOT NULL,
        role          text NOT NULL CHECK (role IN ('admin', 'operator')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, email)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access.users`);
    await q.query(`DROP TABLE access.tenants`);
    await q.query(`DROP SCHEMA access`);
  }
}
