import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { validateEscalationSettings, type EscalationSettings } from '../../domain/escalation-rule';
import { EscalationSettingsRepository } from '../ports/escalation-settings.repository';
import { SaveEscalationSettingsCommand } from './save-escalation-settings.command';

@CommandHandler(SaveEscalationSettingsCommand)
export class SaveEscalationSettingsHandler implements ICommandHandler<
  SaveEscalationSettingsCommand,
  EscalationSettings
> {
  constructor(private readonly settings: EscalationSettingsRepository) {}

  async execute(command: SaveEscalationSettingsCommand): Promise<EscalationSettings> {
    const tenantId = command.metadata.tenantId;
    const current = await this.settings.get(tenantId);
    const next = validateEscalationSettings({ ...current, ...command.change });
    await this.settings.save(tenantId, next);
    return next;
  }
}
