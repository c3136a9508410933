import { Command } from '../../../../shared/ddd/command';
import type { EnforcementSettings, EnforcementSettingsPatch } from '../../domain/enforcement-settings';

/** Changes some settings; the merged result is checked as a whole and saved only when all of it is valid. */
export class UpdateEnforcementSettingsCommand extends Command<EnforcementSettings> {
  constructor(
    tenantId: string,
    readonly patch: EnforcementSettingsPatch,
  ) {
    super(tenantId);
  }
}
