import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/load-config';
import { AccountStatesGauge } from './infrastructure/observability/account-states.gauge';
import { runsApi, runsSchedules, runsWorkers } from '../../platform/process/roles';
import { ApplyActionsHandler } from './application/apply-actions/apply-actions.handler';
import { EnforcementMetrics } from './application/enforcement-metrics';
import { EnforcementState } from './application/enforcement-state';
import { GetEnforcementRunPlanHandler } from './application/get-enforcement-run-plan/get-enforcement-run-plan.query-handler';
import { GetEnforcementRunsHandler } from './application/get-enforcement-runs/get-enforcement-runs.query-handler';
import { GetEnforcementSettingsHandler } from './application/get-enforcement-settings/get-enforcement-settings.query-handler';
import { GetPauseStateHandler } from './application/get-pause-state/get-pause-state.query-handler';
import { PauseEnforcementHandler } from './application/pause-enforcement/pause-enforcement.handler';
import { EnforcementStateRepository } from './application/ports/enforcement-state.repository';
import { ResumeEnforcementHandler } from './application/resume-enforcement/resume-enforcement.handler';
import { UpdateEnforcementSettingsHandler } from './application/update-enforcement-settings/update-enforcement-settings.handler';
import { TypeormEnforcementStateRepository } from './infrastructure/persistence/typeorm-enforcement-state.repository';
import { EnforcementReports } from './application/ports/enforcement-reports';
import { ReportToDiscordHandler } from './application/report-to-discord/report-to-discord.handler';
import { StartFirstLooksHandler } from './application/start-first-looks/start-first-looks.handler';
import { StartScheduledRunsHandler } from './application/start-scheduled-runs/start-scheduled-runs.handler';
import { MagnusLines } from './application/ports/magnus-lines';
import { ContractRecheckRepository } from './application/ports/contract-recheck.repository';
import { QueueContractRechecksHandler } from './application/queue-contract-rechecks/queue-contract-rechecks.handler';
import { RecheckContractsHandler } from './application/recheck-contracts/recheck-contracts.handler';
import { TypeormContractRecheckRepository } from './infrastructure/persistence/typeorm-contract-recheck.repository';
import { EnforcementRunRepository } from './application/ports/enforcement-run.repository';
import { EnforcementRunPlanner } from './application/start-enforcement-run/enforcement-run-planner';
import { StartEnforcementRunHandler } from './application/start-enforcement-run/start-enforcement-run.handler';
import { WhenContractStatusChangedRecheckPolicy } from './application/policies/when-contract-status-changed-recheck.policy';
import { TypeormEnforcementRunRepository } from './infrastructure/persistence/typeorm-enforcement-run.repository';
import { DiscordReports } from './infrastructure/discord/discord-reports';
import { TenantMagnusLines } from './infrastructure/tenant-magnus-lines';
import { EnforcementCron } from './interface/cron/enforcement.cron';
import { EnforcementController } from './interface/http/enforcement.controller';
import { ApplyActionsConsumer } from './interface/messaging/apply-actions.consumer';
import { DiscordReportsConsumer } from './interface/messaging/discord-reports.consumer';

/**
 * telephony-enforcement: MagnusBilling lines kept in line with their IXC contracts — reconcile runs,
 * the safety breaker, applying through the messaging backbone, Discord reports, the fast path.
 */
@Module({})
export class TelephonyEnforcementModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TelephonyEnforcementModule,
      controllers: runsApi(config.ROLE) ? [EnforcementController] : [],
      providers: [
        EnforcementMetrics,
        EnforcementState,
        { provide: EnforcementStateRepository, useClass: TypeormEnforcementStateRepository },
        GetEnforcementRunsHandler,
        GetEnforcementRunPlanHandler,
        GetEnforcementSettingsHandler,
        UpdateEnforcementSettingsHandler,
        GetPauseStateHandler,
        PauseEnforcementHandler,
        ResumeEnforcementHandler,
        { provide: EnforcementRunRepository, useClass: TypeormEnforcementRunRepository },
        EnforcementRunPlanner,
        StartEnforcementRunHandler,
        { provide: ContractRecheckRepository, useClass: TypeormContractRecheckRepository },
        RecheckContractsHandler,
        QueueContractRechecksHandler,
        ApplyActionsHandler,
        DiscordReports,
        { provide: EnforcementReports, useExisting: DiscordReports },
        ReportToDiscordHandler,
        StartScheduledRunsHandler,
        StartFirstLooksHandler,
        { provide: MagnusLines, useClass: TenantMagnusLines },
        ...(runsWorkers(config.ROLE)
          ? [ApplyActionsConsumer, DiscordReportsConsumer, WhenContractStatusChangedRecheckPolicy]
          : []),
        ...(runsSchedules(config.ROLE) ? [EnforcementCron] : []),
        ...(runsApi(config.ROLE) ? [AccountStatesGauge] : []),
      ],
    };
  }
}
