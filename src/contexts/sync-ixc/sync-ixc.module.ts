import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/load-config';
import { runsApi, runsSchedules, runsWorkers } from '../../platform/process/roles';
import { FindReceivableHandler } from './application/find-receivable/find-receivable.query-handler';
import { WhenPaymentRecordedRefreshCustomerPolicy } from './application/policies/when-payment-recorded-refresh-customer.policy';
import { PaymentWriteOffRepository } from './application/ports/payment-write-off.repository';
import { ReceivableLookupRepository } from './application/ports/receivable-lookup.repository';
import { RecordPaymentWriteOffHandler } from './application/record-payment-write-off/record-payment-write-off.handler';
import { RefreshCustomerHandler } from './application/refresh-customer/refresh-customer.handler';
import { TypeormPaymentWriteOffRepository } from './infrastructure/persistence/typeorm-payment-write-off.repository';
import { TypeormReceivableLookupRepository } from './infrastructure/persistence/typeorm-receivable-lookup.repository';
import { GetContractStatusesHandler } from './application/get-contract-statuses/get-contract-statuses.query-handler';
import { ContractMirrorRepository } from './application/ports/contract-mirror.repository';
import { IxcSource } from './application/ports/ixc-source';
import { ListOverdueReceivablesHandler } from './application/list-overdue-receivables/list-overdue-receivables.query-handler';
import { OverdueReceivablesReadModel } from './application/ports/overdue-receivables.read-model';
import { TypeormOverdueReceivablesReadModel } from './infrastructure/persistence/typeorm-overdue-receivables.read-model';
import { GetOpenBillingHandler } from './application/get-open-billing/get-open-billing.query-handler';
import { OpenBillingReadModel } from './application/ports/open-billing.read-model';
import { DryRunOverdueAutomationHandler } from './application/dry-run-overdue-automation/dry-run-overdue-automation.query-handler';
import { GetAutomationSettingsHandler } from './application/get-automation-settings/get-automation-settings.query-handler';
import { AutomationSettingsRepository } from './application/ports/automation-settings.repository';
import { OverdueAutomationRepository } from './application/ports/overdue-automation.repository';
import { RunOverdueAutomationHandler } from './application/run-overdue-automation/run-overdue-automation.handler';
import { SaveAutomationSettingsHandler } from './application/save-automation-settings/save-automation-settings.handler';
import { EmitDueSoonNoticesHandler } from './application/emit-due-soon-notices/emit-due-soon-notices.handler';
import { EmitOverdueNoticesHandler } from './application/emit-overdue-notices/emit-overdue-notices.handler';
import { GetSyncRunHandler } from './application/get-sync-run/get-sync-run.query-handler';
import { ListSyncRunsHandler } from './application/list-sync-runs/list-sync-runs.query-handler';
import { MirrorRepository } from './application/ports/mirror.repository';
import { ReceivableNoticeRepository } from './application/ports/receivable-notice.repository';
import { SyncRunRepository } from './application/ports/sync-run.repository';
import { RunFirstSyncHandler } from './application/run-first-sync/run-first-sync.handler';
import { RunSyncHandler } from './application/run-sync/run-sync.handler';
import { StartSyncHandler } from './application/start-sync/start-sync.handler';
import { SyncRunner } from './application/sync/sync-runner';
import { SyncMetrics } from './application/sync/sync-metrics';
import { TypeormAutomationSettingsRepository } from './infrastructure/persistence/typeorm-automation-settings.repository';
import { TypeormContractMirrorRepository } from './infrastructure/persistence/typeorm-contract-mirror.repository';
import { TypeormOverdueAutomationRepository } from './infrastructure/persistence/typeorm-overdue-automation.repository';
import { TypeormOpenBillingReadModel } from './infrastructure/persistence/typeorm-open-billing.read-model';
import { TypeormMirrorRepository } from './infrastructure/persistence/typeorm-mirror.repository';
import { TypeormReceivableNoticeRepository } from './infrastructure/persistence/typeorm-receivable-notice.repository';
import { TypeormSyncRunRepository } from './infrastructure/persistence/typeorm-sync-run.repository';
import { TenantIxcSource } from './infrastructure/tenant-ixc-source';
import { IxcSyncCron } from './interface/cron/ixc-sync.cron';
import { AutomationController } from './interface/http/automation.controller';
import { OpenBillingController } from './interface/http/open-billing.controller';
import { SyncController } from './interface/http/sync.controller';

/** sync-ixc: the ERP mirror, its sync runs and schedules, the open-billing view, contract statuses. */
@Module({})
export class SyncIxcModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SyncIxcModule,
      controllers: runsApi(config.ROLE) ? [SyncController, OpenBillingController, AutomationController] : [],
      providers: [
        SyncMetrics,
        SyncRunner,
        StartSyncHandler,
        RunSyncHandler,
        RunFirstSyncHandler,
        GetSyncRunHandler,
        ListSyncRunsHandler,
        EmitOverdueNoticesHandler,
        EmitDueSoonNoticesHandler,
        GetOpenBillingHandler,
        GetAutomationSettingsHandler,
        SaveAutomationSettingsHandler,
        DryRunOverdueAutomationHandler,
        RunOverdueAutomationHandler,
        GetContractStatusesHandler,
        FindReceivableHandler,
        RefreshCustomerHandler,
        RecordPaymentWriteOffHandler,
        { provide: ReceivableLookupRepository, useClass: TypeormReceivableLookupRepository },
        { provide: PaymentWriteOffRepository, useClass: TypeormPaymentWriteOffRepository },
        ...(runsWorkers(config.ROLE) ? [WhenPaymentRecordedRefreshCustomerPolicy] : []),
        ListOverdueReceivablesHandler,
        { provide: OverdueReceivablesReadModel, useClass: TypeormOverdueReceivablesReadModel },
        { provide: IxcSource, useClass: TenantIxcSource },
        { provide: SyncRunRepository, useClass: TypeormSyncRunRepository },
        { provide: MirrorRepository, useClass: TypeormMirrorRepository },
        { provide: ReceivableNoticeRepository, useClass: TypeormReceivableNoticeRepository },
        { provide: AutomationSettingsRepository, useClass: TypeormAutomationSettingsRepository },
        { provide: OverdueAutomationRepository, useClass: TypeormOverdueAutomationRepository },
        { provide: OpenBillingReadModel, useClass: TypeormOpenBillingReadModel },
        { provide: ContractMirrorRepository, useClass: TypeormContractMirrorRepository },
        ...(runsSchedules(config.ROLE) ? [IxcSyncCron] : []),
      ],
    };
  }
}
