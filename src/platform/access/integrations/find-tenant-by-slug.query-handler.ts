import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { FindTenantBySlugQuery } from '../contracts/find-tenant-by-slug.query';
import { Tenants } from '../tenants';

/** Slugs as tenants are created with them; anything else cannot name a tenant (and is never queried). */
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

@QueryHandler(FindTenantBySlugQuery)
export class FindTenantBySlugHandler implements IQueryHandler<FindTenantBySlugQuery, string | null> {
  constructor(private readonly tenants: Tenants) {}

  async execute({ slug }: FindTenantBySlugQuery): Promise<string | null> {
    if (!SLUG.test(slug)) return null;
    return this.tenants.idOf(slug);
  }
}
