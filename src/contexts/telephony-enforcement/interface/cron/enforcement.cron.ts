import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { Tenants } from '../../../../platform/access/tenants';
import { CronSchedules } from '../../../../platform/scheduling/cron-schedules';
import { JobRunner } from '../../../../platform/scheduling/job-runner';
import { DomainError } from '../../../../shared/errors/domain-error';
import { EnforcementState } from '../../application/enforcement-state';
import { ContractRechecks } from '../../application/runs/contract-rechecks';
import { Reconcile } from '../../application/runs/reconcile';

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
  private readonly logger = new Logger('EnforcementCron');
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly schedules: CronSchedules,
    private readonly jobs: JobRunner,
    private readonly tenants: Tenants,
    private readonly reconcile: Reconcile,
    private readonly rechecks: ContractRechecks,
    private readonly state: EnforcementState,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedules.add('telephony-enforcement.run', this.config.ENFORCEMENT_CRON, () => this.runAll());
    const recheck = () =>
      void this.jobs.runExclusive(
        'telephony-enforcement.rechecks',
        () => this.rechecks.drain().then((runs) => (runs === 0 ? 'idle' : undefined)),
        { ttlMs: 60_000, everyMs: RECHECK_INTERVAL_MS },
      );
    const firstLook = () =>
      void this.jobs.runExclusive('telephony-enforcement.first-look', () => this.firstLooks(), {
        ttlMs: 120_000,
        everyMs: FIRST_LOOK_INTERVAL_MS,
      });
    this.timers.push(
      setInterval(recheck, RECHECK_INTERVAL_MS).unref(),
      setTimeout(firstLook, 3000).unref(),
      setInterval(firstLook, FIRST_LOOK_INTERVAL_MS).unref(),
    );
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  async runAll(): Promise<void> {
    for (const tenant of await this.tenants.withIntegration('magnus')) {
      if ((await this.state.writesAllowed(tenant.id)) !== 'yes') {
        this.logger.warn(
          { tenant: tenant.slug },
          'Scheduled enforcement run skipped: paused or kill switch on',
        );
        continue;
      }
      await this.attempt(tenant.slug, () =>
        this.reconcile.plan(tenant.id, { trigger: 'schedule', dryRun: false }),
      );
    }
  }

  /** A tenant with Magnus and no run yet gets a dry run: the first thing an operator sees is the plan. */
  async firstLooks(): Promise<void> {
    for (const tenant of await this.tenants.withIntegration('magnus')) {
      const [row] = (await this.dataSource.query(
        `SELECT 1 FROM telephony_enforcement.runs WHERE tenant_id = $1 LIMIT 1`,
        [tenant.id],
      )) as unknown[];
      if (row) continue;
      this.logger.log(
        { tenant: tenant.slug },
        'First enforcement look: a dry run before anything is written',
      );
      await this.attempt(tenant.slug, () =>
        this.reconcile.plan(tenant.id, { trigger: 'schedule', dryRun: true }),
      );
    }
  }

  private async attempt(tenant: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn({ tenant, code: error.code }, `Enforcement run not started: ${error.message}`);
    }
  }
}
