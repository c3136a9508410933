import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/load-config';
import { runsApi, runsSchedules } from '../../platform/process/roles';
import { ChangeCoverageHandler } from './application/change-coverage/change-coverage.handler';
import { GetDebtorHandler } from './application/get-debtor/get-debtor.query-handler';
import { GetDebtorSyncRunHandler } from './application/get-sync-run/get-debtor-sync-run.query-handler';
import { ListCoveredClinicsHandler } from './application/list-covered-clinics/list-covered-clinics.query-handler';
import { ListDebtorsHandler } from './application/list-debtors/list-debtors.query-handler';
import { ListOverdueInstallmentsHandler } from './application/list-overdue-installments/list-overdue-installments.query-handler';
import { ListDebtorSyncRunsHandler } from './application/list-sync-runs/list-debtor-sync-runs.query-handler';
import { ClinicCoverageRepository } from './application/ports/clinic-coverage.repository';
import { ClinicSource } from './application/ports/clinic-source';
import { DebtorMirrorRepository } from './application/ports/debtor-mirror.repository';
import { DebtorSyncRunRepository } from './application/ports/debtor-sync-run.repository';
import { DebtorsReadModel } from './application/ports/debtors.read-model';
import { RegisterCoverageHandler } from './application/register-coverage/register-coverage.handler';
import { RunDebtorSyncHandler } from './application/run-sync/run-debtor-sync.handler';
import { StartDebtorSyncHandler } from './application/start-sync/start-debtor-sync.handler';
import { DebtorSyncMetrics } from './application/sync/debtor-sync-metrics';
import { DebtorSyncRunner } from './application/sync/debtor-sync-runner';
import { TypeormClinicCoverageRepository } from './infrastructure/persistence/typeorm-clinic-coverage.repository';
import { TypeormDebtorMirrorRepository } from './infrastructure/persistence/typeorm-debtor-mirror.repository';
import { TypeormDebtorSyncRunRepository } from './infrastructure/persistence/typeorm-debtor-sync-run.repository';
import { TypeormDebtorsReadModel } from './infrastructure/persistence/typeorm-debtors.read-model';
import { TenantClinicSource } from './infrastructure/tenant-clinic-source';
import { DebtorSyncCron } from './interface/cron/debtor-sync.cron';
import { DemoCoverageSetup } from './interface/demo/demo-coverage.setup';
import { ClinicsController } from './interface/http/clinics.controller';
import { DebtorSyncController } from './interface/http/debtor-sync.controller';
import { DebtorsController } from './interface/http/debtors.controller';

/** debtor-sync: covered clinics, the mirror of their debtors, the run ledger and the debtors read model. */
@Module({})
export class DebtorSyncModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DebtorSyncModule,
      // DebtorsController last: its `/:id` must not shadow `/clinics` and `/sync`.
      controllers: runsApi(config.ROLE) ? [ClinicsController, DebtorSyncController, DebtorsController] : [],
      providers: [
        DebtorSyncMetrics,
        DebtorSyncRunner,
        RegisterCoverageHandler,
        ChangeCoverageHandler,
        ListCoveredClinicsHandler,
        StartDebtorSyncHandler,
        RunDebtorSyncHandler,
        ListDebtorSyncRunsHandler,
        GetDebtorSyncRunHandler,
        ListDebtorsHandler,
        GetDebtorHandler,
        ListOverdueInstallmentsHandler,
        { provide: ClinicSource, useClass: TenantClinicSource },
        { provide: ClinicCoverageRepository, useClass: TypeormClinicCoverageRepository },
        { provide: DebtorMirrorRepository, useClass: TypeormDebtorMirrorRepository },
        { provide: DebtorSyncRunRepository, useClass: TypeormDebtorSyncRunRepository },
        { provide: DebtorsReadModel, useClass: TypeormDebtorsReadModel },
        ...(runsSchedules(config.ROLE) ? [DebtorSyncCron] : []),
        ...(config.REGUA_MODE === 'demo' && config.DEMO_CLINIC_COVERAGE && runsSchedules(config.ROLE)
          ? [DemoCoverageSetup]
          : []),
      ],
    };
  }
}
