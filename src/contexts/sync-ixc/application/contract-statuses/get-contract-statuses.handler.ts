import { Logger } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { GetContractStatusesQuery, type ContractStatus } from '../../contracts/get-contract-statuses.query';
import type { IxcContract } from '../../infrastructure/ixc/ixc-records';
import { IxcSource } from '../ixc-source';

interface MirrorRow {
  id: string;
  customer_id: string;
  status: string;
  internet_status: string;
  do_not_block_until: string | null;
  trust_unlock_active: boolean;
}

const known = (
  contractId: string,
  c: Pick<IxcContract, 'customerId' | 'status' | 'internetStatus' | 'doNotBlockUntil' | 'trustUnlockActive'>,
  source: 'mirror' | 'live',
): ContractStatus => ({
  contractId,
  known: true,
  customerId: c.customerId,
  status: c.status,
  internetStatus: c.internetStatus,
  doNotBlockUntil: c.doNotBlockUntil,
  trustUnlockActive: c.trustUnlockActive,
  source,
});

/** Answers from the mirror, or live from IXC; what could not be read is `known: false`, never a default. */
@QueryHandler(GetContractStatusesQuery)
export class GetContractStatusesHandler implements IQueryHandler<GetContractStatusesQuery, ContractStatus[]> {
  private readonly logger = new Logger('GetContractStatuses');

  constructor(
    private readonly dataSource: DataSource,
    private readonly source: IxcSource,
  ) {}

  async execute(query: GetContractStatusesQuery): Promise<ContractStatus[]> {
    const ids = [...new Set(query.contractIds)];
    const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
    const found =
      query.freshness === 'live' ? await this.live(query, valid) : await this.mirror(query, valid);
    if (found === 'unavailable') {
      return ids.map((contractId) => ({ contractId, known: false, reason: 'unavailable' }));
    }
    return ids.map(
      (contractId) => found.get(contractId) ?? { contractId, known: false, reason: 'not_found' },
    );
  }

  private async mirror(query: GetContractStatusesQuery, ids: string[]): Promise<Map<string, ContractStatus>> {
    const rows = (await this.dataSource.query(
      `SELECT id::text, customer_id::text, status, internet_status,
              to_char(do_not_block_until, 'YYYY-MM-DD') AS do_not_block_until, trust_unlock_active
         FROM sync_ixc.contracts WHERE tenant_id = $1 AND id = ANY($2::bigint[])`,
      [query.metadata.tenantId, ids],
    )) as MirrorRow[];
    return new Map(
      rows.map((r) => [
        r.id,
        known(
          r.id,
          {
            customerId: r.customer_id,
            status: r.status,
            internetStatus: r.internet_status,
            doNotBlockUntil: r.do_not_block_until,
            trustUnlockActive: r.trust_unlock_active,
          },
          'mirror',
        ),
      ]),
    );
  }

  private async live(
    query: GetContractStatusesQuery,
    ids: string[],
  ): Promise<Map<string, ContractStatus> | 'unavailable'> {
    if (ids.length === 0) return new Map();
    try {
      const contracts = await this.source.contracts(query.metadata.tenantId, ids);
      return new Map([...contracts].map(([id, c]) => [id, known(id, c, 'live')]));
    } catch (error) {
      this.logger.warn(
        { err: error, tenantId: query.metadata.tenantId },
        'IXC unreadable: contract statuses unknown',
      );
      return 'unavailable';
    }
  }
}
