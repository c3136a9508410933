import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * payments: every verified webhook delivery (its provider event id unique, so a replay or a duplicate
 * changes nothing) and the payments they announce, each recorded once per provider payment id, matched
 * to an IXC receivable or kept unmatched for operators.
 */
export class Payments1763830000050 implements MigrationInterface {
  name = 'Payments1763830000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS payments`);
    await q.query(`
      CREATE TABLE payments.payments (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id           uuid NOT NULL,
        provider            text NOT NULL,
        provider_payment_id text NOT NULL,
        event_id            text NOT NULL,
        amount_cents        bigint NOT NULL,
        paid_at             timestamptz,
        method              text,
        external_reference  text,
        erp_reference       text,
        receivable_id       text,
        customer_id         text,
        contract_id         text,
        matched_by          text,
        received_at         timestamptz NOT NULL DEFAULT now(),
        restored_at         timestamptz,
        UNIQUE (tenant_id, provider, provider_payment_id)
      )`);
    await q.query(
      `CREATE INDEX payments_listing_idx ON payments.payments (tenant_id, (receivable_id IS NOT NULL), received_at DESC, id)`,
    );
    await q.query(
      `CREATE INDEX payments_contract_idx ON payments.payments (tenant_id, contract_id, received_at DESC)
         WHERE restored_at IS NULL AND contract_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE payments.webhook_deliveries (
        tenant_id   uuid NOT NULL,
        provider    text NOT NULL,
        event_id    text NOT NULL,
        outcome     text NOT NULL,
        payment_id  uuid,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, provider, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA payments CASCADE`);
  }
}
