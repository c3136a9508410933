import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  GetTenantIntegrationsQuery,
  type TenantIntegrations,
} from '../contracts/get-tenant-integrations.query';
import { Tenants } from '../tenants';

@QueryHandler(GetTenantIntegrationsQuery)
export class GetTenantIntegrationsHandler implements IQueryHandler<
  GetTenantIntegrationsQuery,
  TenantIntegrations
> {
  constructor(private readonly tenants: Tenants) {}

  execute({ metadata, manager }: GetTenantIntegrationsQuery): Promise<TenantIntegrations> {
    return this.tenants.integrations(metadata.tenantId, manager);
  }
}
