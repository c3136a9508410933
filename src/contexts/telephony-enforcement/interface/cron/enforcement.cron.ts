import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { CronSchedules } from '../../../../platform/scheduling/cron-schedules';
import { JobRunner } from '../../../../platform/scheduling/job-runner';
import { RecheckContractsCommand } from '../../application/recheck-contracts/recheck-contracts.command';
import { StartFirstLooksCommand } from '../../application/start-first-looks/start-first-looks.command';
import { StartScheduledRunsCommand } from '../../application/start-scheduled-runs/start-scheduled-runs.command';

/** The fast path's latency bound: queued contract changes are picked up this often. */
const RECHECK_INTERVAL_MS = 2000;
const FIRST_LOOK_INTERVAL_MS = 15_000;

/**
 * For every tenant with MagnusBilling: a reconcile run every ENFORCEMENT_CRON (hourly by default), the
 * contract recheck queue every 2 s, and — for a tenant that never had a run — a dry run first, so the
 * plan is visible before anything is ever written.
 */
@Injectable()
export class EnforcementCron implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly schedules: CronSchedules,
    private readonly jobs: JobRunner,
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedules.add('telephony-enforcement.run', this.config.ENFORCEMENT_CRON, () =>
      this.commands.execute(new StartScheduledRunsCommand()),
    );
    const recheck = () =>
      void this.jobs.runExclusive(
        'telephony-enforcement.rechecks',
        () =>
          this.commands
            .execute(new RecheckContractsCommand())
            .then((runs) => (runs === 0 ? 'idle' : undefined)),
        { ttlMs: 60_000, everyMs: RECHECK_INTERVAL_MS },
      );
    const firstLook = () =>
      void this.jobs.runExclusive(
        'telephony-enforcement.first-look',
        () => this.commands.execute(new StartFirstLooksCommand()),
        { ttlMs: 120_000, everyMs: FIRST_LOOK_INTERVAL_MS },
      );
    this.timers.push(
      setInterval(recheck, RECHECK_INTERVAL_MS).unref(),
      setTimeout(firstLook, 3000).unref(),
      setInterval(firstLook, FIRST_LOOK_INTERVAL_MS).unref(),
    );
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }
}
