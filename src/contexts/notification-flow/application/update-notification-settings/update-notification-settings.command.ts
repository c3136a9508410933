import { Command } from '../../../../shared/ddd/command';
import type { NotificationSettings, StoredSettings } from '../../domain/notification-settings';

/** Changes some settings; the result is checked as a whole (422 lists every problem, nothing is saved). */
export class UpdateNotificationSettingsCommand extends Command<NotificationSettings> {
  constructor(
    tenantId: string,
    readonly patch: StoredSettings,
  ) {
    super(tenantId);
  }
}
