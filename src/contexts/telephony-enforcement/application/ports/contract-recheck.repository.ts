import type { EntityManager } from 'typeorm';

/** A queued contract, at the row version it was read (a change queued again takes a newer one). */
export interface QueuedRecheck {
  contractId: string;
  version: string;
}

/** The fast path's queue of contracts whose Magnus lines are to be rechecked. */
export abstract class ContractRecheckRepository {
  /** Queues (or re-queues, with a new version) the tenant's contracts in the caller's transaction. */
  abstract enqueue(tx: EntityManager, tenantId: string, contractIds: string[]): Promise<void>;
  /** Tenants with something queued. */
  abstract tenants(): Promise<string[]>;
  /** The tenant's oldest queued contracts. */
  abstract next(tenantId: string, limit: number): Promise<QueuedRecheck[]>;
  /** Removes exactly what was read: a row queued again since has a newer version and stays. */
  abstract remove(tenantId: string, done: QueuedRecheck[]): Promise<void>;
}
