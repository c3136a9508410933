import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EscalationSettings } from '../../domain/escalation-rule';
import { EscalationSettingsRepository } from '../ports/escalation-settings.repository';
import { GetEscalationSettingsQuery } from './get-escalation-settings.query';

@QueryHandler(GetEscalationSettingsQuery)
export class GetEscalationSettingsHandler implements IQueryHandler<
  GetEscalationSettingsQuery,
  EscalationSettings
> {
  constructor(private readonly settings: EscalationSettingsRepository) {}

  execute(query: GetEscalationSettingsQuery): Promise<EscalationSettings> {
    return this.settings.get(query.metadata.tenantId);
  }
}
