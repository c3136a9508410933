import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { Tenants } from '../../../../platform/access/tenants';
import { CronSchedules } from '../../../../platform/scheduling/cron-schedules';
import { JobRunner } from '../../../../platform/scheduling/job-runner';
import { SYNC_RESOURCES } from '../../application/ports/ixc-source';
import { RunOverdueAutomationCommand } from '../../application/run-overdue-automation/run-overdue-automation.command';
import type { SyncMode } from '../../application/ports/sync-run.repository';
import { RunFirstSyncCommand } from '../../application/run-first-sync/run-first-sync.command';
import { RunSyncCommand } from '../../application/run-sync/run-sync.command';
import { SyncAlreadyRunningError } from '../../sync-ixc.errors';

const FIRST_SYNC_CHECK_MS = 15_000;

/**
 * For every tenant with IXC: incremental sync every IXC_INCREMENTAL_CRON, full resync every IXC_FULL_CRON,
 * the overdue automation every IXC_AUTOMATION_CRON.
 */
@Injectable()
export class IxcSyncCron implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IxcSyncCron');
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly schedules: CronSchedules,
    private readonly jobs: JobRunner,
    private readonly tenants: Tenants,
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // A tenant whose IXC was never mirrored (a fresh demo, a newly configured ISP) gets a full sync
    // soon rather than at the next tick: checked shortly after start (other modules may still be
    // configuring tenants then) and every FIRST_SYNC_CHECK_MS after.
    const firstSync = () =>
      void this.jobs.runExclusive('sync-ixc.first-sync', () => this.firstSyncs(), { ttlMs: 120_000 });
    this.timers.push(
      setTimeout(firstSync, 1000).unref(),
      setInterval(firstSync, FIRST_SYNC_CHECK_MS).unref(),
    );
    this.schedules.add('sync-ixc.incremental', this.config.IXC_INCREMENTAL_CRON, () =>
      this.syncAll('incremental'),
    );
    this.schedules.add('sync-ixc.full', this.config.IXC_FULL_CRON, () => this.syncAll('full'));
    this.schedules.add('sync-ixc.overdue-automation', this.config.IXC_AUTOMATION_CRON, () =>
      this.automateAll(),
    );
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  async automateAll(): Promise<void> {
    for (const tenant of await this.tenants.withIntegration('ixc')) {
      const result = await this.commands.execute(new RunOverdueAutomationCommand(tenant.id));
      if (result.fired > 0 || result.ticketsFailed > 0)
        this.logger.log({ tenant: tenant.slug, ...result }, 'Overdue automation ran');
    }
  }

  async firstSyncs(): Promise<void> {
    for (const tenant of await this.tenants.withIntegration('ixc')) {
      try {
        await this.commands.execute(new RunFirstSyncCommand(tenant.id));
      } catch (error) {
        if (!(error instanceof SyncAlreadyRunningError)) {
          this.logger.warn({ err: error, tenant: tenant.slug }, 'First IXC sync could not start');
        }
      }
    }
  }

  async syncAll(mode: SyncMode): Promise<void> {
    for (const tenant of await this.tenants.withIntegration('ixc')) {
      try {
        const run = await this.commands.execute(
          new RunSyncCommand(tenant.id, mode, [...SYNC_RESOURCES], 'schedule'),
        );
        if (run.status === 'failed')
          this.logger.warn({ tenant: tenant.slug, error: run.error }, 'Scheduled IXC sync failed');
      } catch (error) {
        if (!(error instanceof SyncAlreadyRunningError)) throw error;
      }
    }
  }
}
