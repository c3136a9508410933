import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ScheduleNotFoundError } from '../../notification-flow.errors';
import { OperatorReadModel } from '../ports/operator-read-model';
import type { ScheduleRecord } from '../ports/operator-views';
import { GetScheduleQuery } from './get-schedule.query';

@QueryHandler(GetScheduleQuery)
export class GetScheduleHandler implements IQueryHandler<GetScheduleQuery, ScheduleRecord> {
  constructor(private readonly reads: OperatorReadModel) {}

  async execute({ metadata, scheduleId }: GetScheduleQuery): Promise<ScheduleRecord> {
    const schedule = await this.reads.schedule(metadata.tenantId, scheduleId);
    if (!schedule) throw new ScheduleNotFoundError(scheduleId);
    return schedule;
  }
}
