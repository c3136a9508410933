import { Query } from '../../../shared/ddd/query';

/**
 * The id of the tenant with this slug, or null (a malformed slug is simply unknown). For public routes
 * that name their tenant by slug (webhooks); the tenant is not known yet, so the query's own tenant id
 * is empty.
 */
export class FindTenantBySlugQuery extends Query<string | null> {
  constructor(readonly slug: string) {
    super('');
  }
}
