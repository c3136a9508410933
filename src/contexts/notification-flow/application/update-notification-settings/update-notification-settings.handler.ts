import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { NotificationSettings } from '../../domain/notification-settings';
import { NotificationSettingsStore } from '../settings/notification-settings';
import { UpdateNotificationSettingsCommand } from './update-notification-settings.command';

@CommandHandler(UpdateNotificationSettingsCommand)
export class UpdateNotificationSettingsHandler implements ICommandHandler<
  UpdateNotificationSettingsCommand,
  NotificationSettings
> {
  constructor(private readonly settings: NotificationSettingsStore) {}

  execute(command: UpdateNotificationSettingsCommand): Promise<NotificationSettings> {
    return this.settings.update(command.metadata.tenantId, command.patch);
  }
}
