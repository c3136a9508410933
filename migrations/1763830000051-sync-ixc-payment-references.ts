import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * sync-ixc: the mirror keeps each receivable's boleto "nosso número" and PIX txid, so a payment can be
 * matched by the ERP's own charge ids; and every write-off ("baixa") Régua records in IXC, one per
 * payment, so it is never sent twice.
 */
export class SyncIxcPaymentReferences1763830000051 implements MigrationInterface {
  name = 'SyncIxcPaymentReferences1763830000051';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_ixc.receivables ADD COLUMN boleto_number text, ADD COLUMN pix_txid text`);
    await q.query(
      `CREATE INDEX receivables_boleto_idx ON sync_ixc.receivables (tenant_id, boleto_number) WHERE boleto_number IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX receivables_pix_idx ON sync_ixc.receivables (tenant_id, pix_txid) WHERE pix_txid IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE sync_ixc.payment_write_offs (
        tenant_id     uuid NOT NULL,
        payment_id    text NOT NULL,
        receivable_id bigint NOT NULL,
        status        text NOT NULL CHECK (status IN ('sending', 'recorded', 'skipped', 'failed')),
        ixc_id        text,
        detail        text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, payment_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sync_ixc.payment_write_offs`);
    await q.query(`ALTER TABLE sync_ixc.receivables DROP COLUMN pix_txid, DROP COLUMN boleto_number`);
  }
}
