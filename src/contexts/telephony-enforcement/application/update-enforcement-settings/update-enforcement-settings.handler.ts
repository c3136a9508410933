import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EnforcementSettings } from '../../domain/enforcement-settings';
import { EnforcementState } from '../enforcement-state';
import { UpdateEnforcementSettingsCommand } from './update-enforcement-settings.command';

@CommandHandler(UpdateEnforcementSettingsCommand)
export class UpdateEnforcementSettingsHandler implements ICommandHandler<
  UpdateEnforcementSettingsCommand,
  EnforcementSettings
> {
  constructor(private readonly state: EnforcementState) {}

  execute(command: UpdateEnforcementSettingsCommand): Promise<EnforcementSettings> {
    return this.state.updateSettings(command.metadata.tenantId, command.patch);
  }
}
