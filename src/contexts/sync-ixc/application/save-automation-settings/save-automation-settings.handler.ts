import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DEFAULT_AUTOMATION_SETTINGS, type AutomationSettings } from '../../domain/overdue-automation';
import { AutomationSettingsRepository } from '../ports/automation-settings.repository';
import { SaveAutomationSettingsCommand } from './save-automation-settings.command';

@CommandHandler(SaveAutomationSettingsCommand)
export class SaveAutomationSettingsHandler implements ICommandHandler<
  SaveAutomationSettingsCommand,
  AutomationSettings
> {
  constructor(private readonly settings: AutomationSettingsRepository) {}

  async execute(command: SaveAutomationSettingsCommand): Promise<AutomationSettings> {
    const tenantId = command.metadata.tenantId;
    // Only what the caller sent changes (a DTO carries absent fields as undefined).
    const given = Object.fromEntries(Object.entries(command.changes).filter(([, v]) => v !== undefined));
    const current = (await this.settings.find(tenantId)) ?? DEFAULT_AUTOMATION_SETTINGS;
    const next: AutomationSettings = { ...current, ...given };
    await this.settings.save(tenantId, next);
    return next;
  }
}
