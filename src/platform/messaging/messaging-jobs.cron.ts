import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { JobRunner } from '../scheduling/job-runner';

/**
 * Keeps the messaging tables small: published outbox rows after 7 days, inbox entries and stale
 * redelivery counts after 30.
 */
@Injectable()
export class MessagingJobsCron {
  constructor(
    private readonly jobs: JobRunner,
    private readonly dataSource: DataSource,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'messaging.prune' })
  async prune(): Promise<void> {
    await this.jobs.runExclusive(
      'messaging.prune',
      async () => {
        await this.dataSource.query(
          `DELETE FROM messaging.outbox WHERE published_at IS NOT NULL AND published_at < now() - interval '7 days'`,
        );
        await this.dataSource.query(
          `DELETE FROM messaging.inbox WHERE processed_at < now() - interval '30 days'`,
        );
        await this.dataSource.query(
          `DELETE FROM messaging.redeliveries WHERE last_at < now() - interval '30 days'`,
        );
      },
      { everyMs: 3_600_000 },
    );
  }
}
