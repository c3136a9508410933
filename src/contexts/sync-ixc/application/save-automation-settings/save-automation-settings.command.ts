import { Command } from '../../../../shared/ddd/command';
import type { AutomationSettings } from '../../domain/overdue-automation';

/** Changes some fields of the tenant's N-days-overdue rule; answers the settings now in force. */
export class SaveAutomationSettingsCommand extends Command<AutomationSettings> {
  constructor(
    tenantId: string,
    readonly changes: Partial<AutomationSettings>,
  ) {
    super(tenantId);
  }
}
