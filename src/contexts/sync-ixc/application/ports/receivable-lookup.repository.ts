import type { FoundReceivable, ReceivableKeys } from '../../contracts/find-receivable.query';

/** Finds mirrored receivables (`sync_ixc.receivables`) by the ids a payment carries. */
export abstract class ReceivableLookupRepository {
  abstract find(tenantId: string, keys: ReceivableKeys): Promise<FoundReceivable | null>;
}
