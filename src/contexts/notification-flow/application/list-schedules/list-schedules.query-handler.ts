import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { OperatorReadModel } from '../ports/operator-read-model';
import type { ScheduleRecord } from '../ports/operator-views';
import { ListSchedulesQuery } from './list-schedules.query';

@QueryHandler(ListSchedulesQuery)
export class ListSchedulesHandler implements IQueryHandler<
  ListSchedulesQuery,
  { items: ScheduleRecord[]; total: number }
> {
  constructor(private readonly reads: OperatorReadModel) {}

  execute({ metadata, filter }: ListSchedulesQuery) {
    return this.reads.schedules(metadata.tenantId, filter);
  }
}
