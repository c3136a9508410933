import { Logger } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GetContractStatusesQuery, type ContractStatus } from '../../contracts/get-contract-statuses.query';
import { ContractMirrorRepository, type MirroredContractStatus } from '../ports/contract-mirror.repository';
import { IxcSource } from '../ports/ixc-source';

const known = (contractId: string, c: MirroredContractStatus, source: 'mirror' | 'live'): ContractStatus => ({
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
    private readonly mirrored: ContractMirrorRepository,
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
    const contracts = await this.mirrored.statuses(query.metadata.tenantId, ids);
    return new Map([...contracts].map(([id, c]) => [id, known(id, c, 'mirror')]));
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
