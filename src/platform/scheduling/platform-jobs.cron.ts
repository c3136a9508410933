import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { JobRunner } from './job-runner';

/** Housekeeping of the platform's own tables. */
@Injectable()
export class PlatformJobsCron {
  constructor(
    private readonly jobs: JobRunner,
    private readonly dataSource: DataSource,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_3AM, { name: 'platform.prune-job-runs', timeZone: 'America/Sao_Paulo' })
  async pruneJobRuns(): Promise<void> {
    await this.jobs.runExclusive(
      'platform.prune-job-runs',
      async () => {
        await this.dataSource.query(
          `DELETE FROM platform.job_runs WHERE started_at < now() - interval '30 days'`,
        );
      },
      { everyMs: 86_400_000 },
    );
  }
}
