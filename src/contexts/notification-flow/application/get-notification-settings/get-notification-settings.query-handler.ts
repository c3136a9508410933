import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { NotificationSettings } from '../../domain/notification-settings';
import { NotificationSettingsStore } from '../settings/notification-settings';
import { GetNotificationSettingsQuery } from './get-notification-settings.query';

@QueryHandler(GetNotificationSettingsQuery)
export class GetNotificationSettingsHandler implements IQueryHandler<
  GetNotificationSettingsQuery,
  NotificationSettings
> {
  constructor(private readonly settings: NotificationSettingsStore) {}

  execute({ metadata }: GetNotificationSettingsQuery): Promise<NotificationSettings> {
    return this.settings.get(metadata.tenantId);
  }
}
