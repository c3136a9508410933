import { Query } from '../../../../shared/ddd/query';
import type { NotificationSettings } from '../../domain/notification-settings';

/** The tenant's dunning settings (business hours, closed days, throttles, company name, on/off), defaults filled in. */
export class GetNotificationSettingsQuery extends Query<NotificationSettings> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
