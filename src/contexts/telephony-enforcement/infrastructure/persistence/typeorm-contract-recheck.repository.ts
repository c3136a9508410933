import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ContractRecheckRepository,
  type QueuedRecheck,
} from '../../application/ports/contract-recheck.repository';

/** `telephony_enforcement.contract_rechecks`: one row per tenant and contract, versioned on every change. */
@Injectable()
export class TypeormContractRecheckRepository extends ContractRecheckRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async enqueue(tx: EntityManager, tenantId: string, contractIds: string[]): Promise<void> {
    await tx.query(
      `INSERT INTO telephony_enforcement.contract_rechecks (tenant_id, contract_id)
       SELECT * FROM unnest($1::uuid[], $2::text[])
       ON CONFLICT (tenant_id, contract_id) DO UPDATE SET requested_at = now(), version = DEFAULT`,
      [contractIds.map(() => tenantId), contractIds],
    );
  }

  async tenants(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT tenant_id FROM telephony_enforcement.contract_rechecks`,
    )) as Array<{ tenant_id: string }>;
    return rows.map((r) => r.tenant_id);
  }

  async next(tenantId: string, limit: number): Promise<QueuedRecheck[]> {
    const rows = (await this.dataSource.query(
      `SELECT contract_id, version::text AS version FROM telephony_enforcement.contract_rechecks
        WHERE tenant_id = $1 ORDER BY requested_at, version LIMIT $2`,
      [tenantId, limit],
    )) as Array<{ contract_id: string; version: string }>;
    return rows.map((r) => ({ contractId: r.contract_id, version: r.version }));
  }

  async remove(tenantId: string, done: QueuedRecheck[]): Promise<void> {
    // By row version (a timestamp read into JS loses its microseconds and would never match again).
    await this.dataSource.query(
      `DELETE FROM telephony_enforcement.contract_rechecks r
        USING unnest($2::text[], $3::bigint[]) AS done(contract_id, version)
        WHERE r.tenant_id = $1 AND r.contract_id = done.contract_id AND r.version = done.version`,
      [tenantId, done.map((r) => r.contractId), done.map((r) => r.version)],
    );
  }
}
