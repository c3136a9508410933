import type { EntityManager } from 'typeorm';
import { Query } from '../../../shared/ddd/query';

/** A tenant's non-secret integration settings, by system (`ixc`, `evolution`, `sendgrid`, …). */
export type TenantIntegrations = Record<string, Record<string, unknown>>;

/**
 * The tenant's integration settings (`access.tenants.integrations`), for contexts that must not read the
 * access schema: `{}` for an unknown tenant. Secrets are not in them (`IntegrationSecrets`). `manager`:
 * read in the caller's transaction (a pass that must see what it already wrote).
 */
export class GetTenantIntegrationsQuery extends Query<TenantIntegrations> {
  constructor(
    tenantId: string,
    readonly manager?: EntityManager,
  ) {
    super(tenantId);
  }
}
