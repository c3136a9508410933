import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { JobHeartbeats } from './job-heartbeats';
import { JobRunner } from './job-runner';

/**
 * Cron triggers for scheduler processes: each tick runs its work under a lease (one process at a time).
 * A job armed here is announced at once (zero-valued run counters, expected interval in its heartbeat),
 * so "job not run on schedule" can fire even when it never ran.
 */
@Injectable()
export class CronSchedules {
  private readonly logger = new Logger(CronSchedules.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly jobs: JobRunner,
    private readonly heartbeats: JobHeartbeats,
  ) {}

  add(name: string, expression: string, work: () => Promise<void>, options: { ttlMs?: number } = {}): void {
    const job = CronJob.from({
      cronTime: expression,
      timeZone: 'America/Sao_Paulo',
      onTick: () => void this.jobs.runExclusive(name, work, { ttlMs: options.ttlMs ?? 120_000 }),
    });
    this.registry.addCronJob(name, job);
    job.start();
    void this.announce(name, job);
  }

  private async announce(name: string, job: CronJob): Promise<void> {
    this.jobs.declare(name);
    try {
      await this.heartbeats.scheduled(name, longestGapSeconds(job));
    } catch (err) {
      this.logger.warn({ err, job: name }, `Could not record the schedule of ${name}`);
    }
  }
}

/** The longest wait between the next few ticks (a weekdays-only cron waits over the weekend). */
function longestGapSeconds(job: CronJob): number {
  const ticks = job.nextDates(8).map((date) => date.toMillis());
  let longest = 0;
  for (let i = 1; i < ticks.length; i += 1) longest = Math.max(longest, ticks[i]! - ticks[i - 1]!);
  return longest / 1000;
}
