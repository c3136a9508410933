import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/load-config';
import { runsApi, runsSchedules, runsWorkers } from '../../platform/process/roles';
import { AssignCaseHandler } from './application/assign-case/assign-case.handler';
import { CloseDebtsHandler } from './application/close-debts/close-debts.handler';
import { EscalateDebtsHandler } from './application/escalate-debts/escalate-debts.handler';
import { EscalateOverdueDebtsHandler } from './application/escalate-overdue-debts/escalate-overdue-debts.handler';
import { EscalationMetrics } from './application/escalation-metrics';
import { GetCaseHandler } from './application/get-case/get-case.query-handler';
import { GetEscalationSettingsHandler } from './application/get-escalation-settings/get-escalation-settings.query-handler';
import { GetEscalationStatsHandler } from './application/get-escalation-stats/get-escalation-stats.query-handler';
import { LinkCasesToCrmHandler } from './application/link-cases-to-crm/link-cases-to-crm.handler';
import { ListCasesHandler } from './application/list-cases/list-cases.query-handler';
import { WhenInstallmentOverdueEscalatePolicy } from './application/policies/when-installment-overdue-escalate.policy';
import { WhenInstallmentPaidSettlePolicy } from './application/policies/when-installment-paid-settle.policy';
import { WhenPaymentRecordedSettlePolicy } from './application/policies/when-payment-recorded-settle.policy';
import { WhenReceivableOverdueEscalatePolicy } from './application/policies/when-receivable-overdue-escalate.policy';
import { WhenReceivablePaidSettlePolicy } from './application/policies/when-receivable-paid-settle.policy';
import { CaseAlertsRepository, CollectionsNotifier } from './application/ports/case-alerts';
import { CaseReadModel } from './application/ports/case.read-model';
import { CaseRepository } from './application/ports/case.repository';
import { Crm } from './application/ports/crm';
import { CrmLinksRepository } from './application/ports/crm-links.repository';
import { EscalationSettingsRepository } from './application/ports/escalation-settings.repository';
import { OVERDUE_DEBT_SOURCES } from './application/ports/overdue-debt-source';
import { PreviewEscalationHandler } from './application/preview-escalation/preview-escalation.query-handler';
import { SendCaseAlertsHandler } from './application/send-case-alerts/send-case-alerts.handler';
import { SaveEscalationSettingsHandler } from './application/save-escalation-settings/save-escalation-settings.handler';
import { TransitionCaseHandler } from './application/transition-case/transition-case.handler';
import { DiscordCollectionsNotifier } from './infrastructure/discord/discord-collections-notifier';
import { TypeormCaseAlertsRepository } from './infrastructure/persistence/typeorm-case-alerts.repository';
import { OpenCasesGauge } from './infrastructure/observability/open-cases.gauge';
import { TypeormCaseReadModel } from './infrastructure/persistence/typeorm-case.read-model';
import { TypeormCaseRepository } from './infrastructure/persistence/typeorm-case.repository';
import { TypeormCrmLinksRepository } from './infrastructure/persistence/typeorm-crm-links.repository';
import { TypeormEscalationSettingsRepository } from './infrastructure/persistence/typeorm-escalation-settings.repository';
import { TenantPipedriveCrm } from './infrastructure/pipedrive/tenant-pipedrive-crm';
import { ClinicOverdueDebtSource } from './infrastructure/sources/clinic-overdue-debt-source';
import { IxcOverdueDebtSource } from './infrastructure/sources/ixc-overdue-debt-source';
import { EscalationCron } from './interface/cron/escalation.cron';
import { CasesController } from './interface/http/cases.controller';
import { EscalationController } from './interface/http/escalation.controller';

/** debt-escalation: old debts become one collection case per debtor + contract, linked to the CRM. */
@Module({})
export class DebtEscalationModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DebtEscalationModule,
      controllers: runsApi(config.ROLE) ? [CasesController, EscalationController] : [],
      providers: [
        EscalationMetrics,
        EscalateDebtsHandler,
        EscalateOverdueDebtsHandler,
        CloseDebtsHandler,
        TransitionCaseHandler,
        AssignCaseHandler,
        LinkCasesToCrmHandler,
        ListCasesHandler,
        GetCaseHandler,
        GetEscalationStatsHandler,
        PreviewEscalationHandler,
        GetEscalationSettingsHandler,
        SaveEscalationSettingsHandler,
        SendCaseAlertsHandler,
        IxcOverdueDebtSource,
        ClinicOverdueDebtSource,
        {
          provide: OVERDUE_DEBT_SOURCES,
          useFactory: (ixc: IxcOverdueDebtSource, clinic: ClinicOverdueDebtSource) => [ixc, clinic],
          inject: [IxcOverdueDebtSource, ClinicOverdueDebtSource],
        },
        { provide: CaseRepository, useClass: TypeormCaseRepository },
        { provide: CaseReadModel, useClass: TypeormCaseReadModel },
        { provide: EscalationSettingsRepository, useClass: TypeormEscalationSettingsRepository },
        { provide: CrmLinksRepository, useClass: TypeormCrmLinksRepository },
        { provide: Crm, useClass: TenantPipedriveCrm },
        { provide: CaseAlertsRepository, useClass: TypeormCaseAlertsRepository },
        { provide: CollectionsNotifier, useClass: DiscordCollectionsNotifier },
        ...(runsApi(config.ROLE) ? [OpenCasesGauge] : []),
        ...(runsWorkers(config.ROLE)
          ? [
              WhenReceivableOverdueEscalatePolicy,
              WhenReceivablePaidSettlePolicy,
              WhenInstallmentOverdueEscalatePolicy,
              WhenInstallmentPaidSettlePolicy,
              WhenPaymentRecordedSettlePolicy,
            ]
          : []),
        ...(runsSchedules(config.ROLE) ? [EscalationCron] : []),
      ],
    };
  }
}
