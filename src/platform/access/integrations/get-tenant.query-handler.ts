import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GetTenantQuery, type TenantProfile } from '../contracts/get-tenant.query';
import { Tenants } from '../tenants';

@QueryHandler(GetTenantQuery)
export class GetTenantHandler implements IQueryHandler<GetTenantQuery, TenantProfile | null> {
  constructor(private readonly tenants: Tenants) {}

  execute({ metadata, manager }: GetTenantQuery): Promise<TenantProfile | null> {
    return this.tenants.profile(metadata.tenantId, manager);
  }
}
