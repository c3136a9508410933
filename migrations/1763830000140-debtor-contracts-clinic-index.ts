import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the mirror holds anything of a clinic yet (a first load skips the stored-row reads of the rows
 * it has not written itself, docs in the debtor-sync README): every page written holds its contracts, and
 * a contract belongs to one clinic, so the question is one probe of this index.
 */
export class DebtorContractsClinicIndex1763830000140 implements MigrationInterface {
  name = 'DebtorContractsClinicIndex1763830000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX contracts_clinic ON debtor_sync.contracts (tenant_id, clinic_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX debtor_sync.contracts_clinic`);
  }
}
