import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DEFAULT_AUTOMATION_SETTINGS, type AutomationSettings } from '../../domain/overdue-automation';
import { AutomationSettingsRepository } from '../ports/automation-settings.repository';
import { GetAutomationSettingsQuery } from './get-automation-settings.query';

@QueryHandler(GetAutomationSettingsQuery)
export class GetAutomationSettingsHandler implements IQueryHandler<
  GetAutomationSettingsQuery,
  AutomationSettings
> {
  constructor(private readonly settings: AutomationSettingsRepository) {}

  async execute(query: GetAutomationSettingsQuery): Promise<AutomationSettings> {
    return (await this.settings.find(query.metadata.tenantId)) ?? DEFAULT_AUTOMATION_SETTINGS;
  }
}
