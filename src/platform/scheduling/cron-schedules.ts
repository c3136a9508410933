import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { JobRunner } from './job-runner';

/** Cron triggers for scheduler processes: each tick runs its work under a lease (one process at a time). */
@Injectable()
export class CronSchedules {
  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly jobs: JobRunner,
  ) {}

  add(name: string, expression: string, work: () => Promise<void>, options: { ttlMs?: number } = {}): void {
    const job = CronJob.from({
      cronTime: expression,
      timeZone: 'America/Sao_Paulo',
      onTick: () => void this.jobs.runExclusive(name, work, { ttlMs: options.ttlMs ?? 120_000 }),
    });
    this.registry.addCronJob(name, job);
    job.start();
  }
}
