import type { EntityManager } from 'typeorm';
import { Query } from '../../../shared/ddd/query';

/** What contexts may know of a tenant. */
export interface TenantProfile {
  id: string;
  slug: string;
  name: string;
  /** IANA time zone of the tenant's calendar (default America/Sao_Paulo) */
  timeZone: string;
}

/**
 * The tenant's profile (`access.tenants`), for contexts that must not read the access schema; null when
 * unknown. `manager`: read on the caller's transaction — a caller holding a transaction must pass it, or
 * it waits for a second pooled connection (and concurrent callers can exhaust the pool).
 */
export class GetTenantQuery extends Query<TenantProfile | null> {
  constructor(
    tenantId: string,
    readonly manager?: EntityManager,
  ) {
    super(tenantId);
  }
}
