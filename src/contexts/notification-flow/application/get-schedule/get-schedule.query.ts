import { Query } from '../../../../shared/ddd/query';
import type { ScheduleRecord } from '../ports/operator-views';

/** One schedule; 404 when the tenant has no such schedule (or the id is no UUID). */
export class GetScheduleQuery extends Query<ScheduleRecord> {
  constructor(
    tenantId: string,
    readonly scheduleId: string,
  ) {
    super(tenantId);
  }
}
