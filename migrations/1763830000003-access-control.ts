import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys, idempotency records, encrypted integration secrets and shared rate-limit counters. */
export class AccessControl1763830000003 implements MigrationInterface {
  name = 'AccessControl1763830000003';

  async up(q: QueryRunner): Promise<void> {
    // The secret part of a key is stored only as its SHA-256; `public_id` finds the row without it.
    await q.query(`
      CREATE TABLE access.api_keys (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id    uuid NOT NULL REFERENCES access.tenants (id),
        name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        public_id    text NOT NULL UNIQUE,
        prefix       text NOT NULL,
        secret_hash  bytea NOT NULL CHECK (length(secret_hash) = 32),
        scopes       text[] NOT NULL,
        allowed_ips  text[] NOT NULL DEFAULT '{}',
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz,
        revoked_at   timestamptz,
        last_used_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX api_keys_tenant_created_idx ON access.api_keys (tenant_id, created_at DESC, id)`,
    );

    // Responses are sealed (AES-256-GCM) because some carry secrets, e.g. a new API key.
    await q.query(`
      CREATE TABLE access.idempotency_keys (
        tenant_id       uuid NOT NULL REFERENCES access.tenants (id),
        principal       text NOT NULL,
        key             text NOT NULL,
        fingerprint     text NOT NULL,
        status          text NOT NULL CHECK (status IN ('in_progress', 'completed')),
        response_status int,
        response_body   bytea,
        response_iv     bytea,
        response_tag    bytea,
        key_id          text,
        started_at      timestamptz NOT NULL DEFAULT now(),
        expires_at      timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, principal, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expires_idx ON access.idempotency_keys (expires_at)`);

    await q.query(`
      CREATE TABLE access.integration_secrets (
        tenant_id  uuid NOT NULL REFERENCES access.tenants (id),
        system     text NOT NULL,
        name       text NOT NULL,
        ciphertext bytea NOT NULL,
        iv         bytea NOT NULL,
        tag        bytea NOT NULL,
        key_id     text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, system, name)
      )`);

    // Fixed windows that open at a bucket's first hit. Counters are disposable: UNLOGGED skips the WAL.
    await q.query(`
      CREATE UNLOGGED TABLE access.rate_limits (
        bucket       text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        window_end   timestamptz NOT NULL,
        count        int NOT NULL
      )`);
    await q.query(`CREATE INDEX rate_limits_window_end_idx ON access.rate_limits (window_end)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access.rate_limits`);
    await q.query(`DROP TABLE access.integration_secrets`);
    await q.query(`DROP TABLE access.idempotency_keys`);
    await q.query(`DROP TABLE access.api_keys`);
  }
}
