import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EnforcementSettings } from '../../domain/enforcement-settings';
import { EnforcementState } from '../enforcement-state';
import { GetEnforcementSettingsQuery } from './get-enforcement-settings.query';

@QueryHandler(GetEnforcementSettingsQuery)
export class GetEnforcementSettingsHandler implements IQueryHandler<
  GetEnforcementSettingsQuery,
  EnforcementSettings
> {
  constructor(private readonly state: EnforcementState) {}

  execute(query: GetEnforcementSettingsQuery): Promise<EnforcementSettings> {
    return this.state.settings(query.metadata.tenantId);
  }
}
