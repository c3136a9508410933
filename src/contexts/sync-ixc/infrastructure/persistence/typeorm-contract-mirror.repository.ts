import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ContractMirrorRepository,
  type MirroredContractStatus,
} from '../../application/ports/contract-mirror.repository';

interface MirrorRow {
  id: string;
  customer_id: string;
  status: string;
  internet_status: string;
  do_not_block_until: string | null;
  trust_unlock_active: boolean;
}

@Injectable()
export class TypeormContractMirrorRepository extends ContractMirrorRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async statuses(tenantId: string, ids: string[]): Promise<Map<string, MirroredContractStatus>> {
    const rows = (await this.dataSource.query(
      `SELECT id::text, customer_id::text, status, internet_status,
              to_char(do_not_block_until, 'YYYY-MM-DD') AS do_not_block_until, trust_unlock_active
         FROM sync_ixc.contracts WHERE tenant_id = $1 AND id = ANY($2::bigint[])`,
      [tenantId, ids],
    )) as MirrorRow[];
    return new Map(
      rows.map((r) => [
        r.id,
        {
          customerId: r.customer_id,
          status: r.status,
          internetStatus: r.internet_status,
          doNotBlockUntil: r.do_not_block_until,
          trustUnlockActive: r.trust_unlock_active,
        },
      ]),
    );
  }
}
