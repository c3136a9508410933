import type { IxcContract } from '../../domain/ixc-records';

/** The statuses of one mirrored contract. */
export type MirroredContractStatus = Pick<
  IxcContract,
  'customerId' | 'status' | 'internetStatus' | 'doNotBlockUntil' | 'trustUnlockActive'
>;

/** Reads contracts from the tenant's mirror (`sync_ixc.contracts`). */
export abstract class ContractMirrorRepository {
  /** The mirrored contracts among `ids` (numeric IXC ids), by id; ids not mirrored are absent. */
  abstract statuses(tenantId: string, ids: string[]): Promise<Map<string, MirroredContractStatus>>;
}
