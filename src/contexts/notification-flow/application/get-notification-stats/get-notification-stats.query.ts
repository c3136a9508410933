import { Query } from '../../../../shared/ddd/query';
import type { NotificationStats } from '../ports/operator-views';

/**
 * Outcomes per local day (tenant time zone) and channel in `[from, to)`; pending now. Sent, failed,
 * deferred and unknown come from the contact history. Skipped ones come from the schedules (a schedule
 * skipped when it is planned — no address, no consent, a minor — leaves no history row), on the day
 * they were skipped; steps recorded as missed (the debt was known too late) are counted apart.
 */
export class GetNotificationStatsQuery extends Query<NotificationStats> {
  constructor(
    tenantId: string,
    readonly from: Date,
    readonly to: Date,
  ) {
    super(tenantId);
  }
}
