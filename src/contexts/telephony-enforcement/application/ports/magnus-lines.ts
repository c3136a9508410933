import type { EntityManager } from 'typeorm';

/** A Magnus user as enforcement sees it (no password, no other columns). */
export interface MagnusLine {
  id: number;
  username: string;
  /** Magnus `active`; null when empty */
  active: number | null;
  /** the tenant's contract field, trimmed; null when empty */
  contractRef: string | null;
  company: string;
}

/**
 * The tenant's MagnusBilling, as the enforcement context needs it. `tx`: the caller's transaction, used to
 * read the tenant's settings when a consumer calls (one pooled connection must not wait for another).
 */
export abstract class MagnusLines {
  abstract assertConfigured(tenantId: string): Promise<void>;
  abstract all(tenantId: string): Promise<MagnusLine[]>;
  abstract byUsernames(tenantId: string, usernames: string[]): Promise<MagnusLine[]>;
  /** Lines whose contract reference is one of these (the fast path). */
  abstract byContracts(tenantId: string, contractRefs: string[]): Promise<MagnusLine[]>;
  /** The lines with these ids, by id, read together (one Magnus request per few hundred); missing ids are absent. */
  abstract getMany(
    tenantId: string,
    ids: readonly number[],
    tx?: EntityManager,
  ): Promise<Map<number, MagnusLine>>;
  /** Writes `active`; throws when Magnus refuses (errors carry `transient`). */
  abstract setActive(tenantId: string, id: number, active: number, tx?: EntityManager): Promise<MagnusLine>;
}
