import { Query } from '../../../shared/ddd/query';

export type ContractStatus =
  | {
      contractId: string;
      known: true;
      customerId: string;
      /** A, I, P, N, D */
      status: string;
      /** A, D, CM, CA, FA, AA */
      internetStatus: string;
      doNotBlockUntil: string | null;
      trustUnlockActive: boolean;
      source: 'mirror' | 'live';
    }
  | {
      contractId: string;
      known: false;
      /** not_found: IXC (or the mirror) has no such contract; unavailable: IXC could not be read. */
      reason: 'not_found' | 'unavailable';
    };

/**
 * The statuses of some contracts, from the mirror or live from IXC. An id that could not be read
 * comes back `known: false` — never with a default status ("unknown is never bad").
 */
export class GetContractStatusesQuery extends Query<ContractStatus[]> {
  constructor(
    tenantId: string,
    readonly contractIds: string[],
    readonly freshness: 'mirror' | 'live' = 'mirror',
  ) {
    super(tenantId);
  }
}
