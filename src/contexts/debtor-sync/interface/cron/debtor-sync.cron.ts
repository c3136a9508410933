import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { Tenants } from '../../../../platform/access/tenants';
import { CronSchedules } from '../../../../platform/scheduling/cron-schedules';
import { ListCoveredClinicsQuery } from '../../application/list-covered-clinics/list-covered-clinics.query';
import type { CoveredClinic } from '../../application/ports/clinic-coverage.repository';
import { RunDebtorSyncCommand } from '../../application/run-sync/run-debtor-sync.command';
import { DebtorSyncInProgressError } from '../../debtor-sync.errors';

/** Every DEBTOR_SYNC_CRON (default daily 02:00): a periodic sync of each covered clinic of every tenant. */
@Injectable()
export class DebtorSyncCron implements OnApplicationBootstrap {
  private readonly logger = new Logger('DebtorSyncCron');

  constructor(
    private readonly schedules: CronSchedules,
    private readonly tenants: Tenants,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedules.add('debtor-sync.periodic', this.config.DEBTOR_SYNC_CRON, () => this.syncAll(), {
      ttlMs: 6 * 60 * 60_000,
    });
  }

  private async syncAll(): Promise<void> {
    for (const tenant of await this.tenants.withIntegration('clinic')) {
      const clinics: CoveredClinic[] = await this.queries.execute(new ListCoveredClinicsQuery(tenant.id));
      for (const clinic of clinics.filter((c) => c.coverage === 'covered')) {
        try {
          await this.commands.execute(new RunDebtorSyncCommand(tenant.id, clinic.id, 'schedule'));
        } catch (error) {
          if (error instanceof DebtorSyncInProgressError) continue;
          this.logger.error(
            { err: error, tenantId: tenant.id, clinicId: clinic.id },
            'Periodic clinic sync failed',
          );
        }
      }
    }
  }
}
