import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { CronSchedules } from './cron-schedules';
import { JobHeartbeats } from './job-heartbeats';
import { JobLeases } from './job-leases';
import { JobRunner } from './job-runner';
import { PlatformJobsCron } from './platform-jobs.cron';

/**
 * JobRunner is always available (an API call may start the same work a schedule does); cron
 * triggers are armed only in processes whose ROLE includes the scheduler.
 */
@Global()
@Module({})
export class SchedulingModule {
  static forRoot(options: { runSchedules: boolean }): DynamicModule {
    return {
      module: SchedulingModule,
      imports: options.runSchedules ? [ScheduleModule.forRoot()] : [],
      providers: [
        JobLeases,
        JobHeartbeats,
        JobRunner,
        ...(options.runSchedules ? [CronSchedules, PlatformJobsCron] : []),
      ],
      exports: [JobLeases, JobRunner, ...(options.runSchedules ? [CronSchedules] : [])],
    };
  }
}
