import { Query } from '../../../../shared/ddd/query';
import type { ScheduleFilter } from '../ports/operator-read-model';
import type { ScheduleRecord } from '../ports/operator-views';

export type { ScheduleFilter } from '../ports/operator-read-model';

/** Planned and past messages by due time, filtered (status, debtor, channel, due_at range), one page. */
export class ListSchedulesQuery extends Query<{ items: ScheduleRecord[]; total: number }> {
  constructor(
    tenantId: string,
    readonly filter: ScheduleFilter,
  ) {
    super(tenantId);
  }
}
