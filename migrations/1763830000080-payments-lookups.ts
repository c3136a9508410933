import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * payments: a delivery that names only a payment id (Mercado Pago) keeps that id and its lookup's
 * progress — attempts, the last error, the provider's status once known — so a lookup left pending or
 * failed is visible to operators and retried in the background.
 */
export class PaymentsLookups1763830000080 implements MigrationInterface {
  name = 'PaymentsLookups1763830000080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE payments.webhook_deliveries
        ADD COLUMN provider_payment_id text,
        ADD COLUMN provider_status     text,
        ADD COLUMN lookup_attempts     integer NOT NULL DEFAULT 0,
        ADD COLUMN lookup_error        text,
        ADD COLUMN updated_at          timestamptz`);
    await q.query(
      `CREATE INDEX webhook_deliveries_lookups_idx ON payments.webhook_deliveries (tenant_id, received_at DESC)
         WHERE outcome IN ('lookup_needed', 'lookup_failed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payments.webhook_deliveries_lookups_idx`);
    await q.query(`
      ALTER TABLE payments.webhook_deliveries
        DROP COLUMN provider_payment_id, DROP COLUMN provider_status, DROP COLUMN lookup_attempts,
        DROP COLUMN lookup_error, DROP COLUMN updated_at`);
  }
}
