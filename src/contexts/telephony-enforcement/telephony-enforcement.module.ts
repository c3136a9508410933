import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/load-config';
import { AccountStatesGauge } from './application/runs/account-states.gauge';
import { runsApi, runsSchedules, runsWorkers } from '../../platform/process/roles';
import { ApplyActions } from './application/apply/apply-actions';
import { EnforcementMetrics } from './application/enforcement-metrics';
import { EnforcementState } from './application/enforcement-state';
import { MagnusLines } from './application/ports/magnus-lines';
import { ContractRechecks } from './application/runs/contract-rechecks';
import { EnforcementRuns } from './application/runs/enforcement-runs.repository';
import { Reconcile } from './application/runs/reconcile';
import { WhenContractStatusChangedRecheckPolicy } from './application/when-contract-status-changed-recheck.policy';
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
        EnforcementRuns,
        Reconcile,
        ContractRechecks,
        ApplyActions,
        DiscordReports,
        { provide: MagnusLines, useClass: TenantMagnusLines },
        ...(runsWorkers(config.ROLE)
          ? [ApplyActionsConsumer, DiscordReportsConsumer, WhenContractStatusChangedRecheckPolicy]
          : []),
        ...(runsSchedules(config.ROLE) ? [EnforcementCron] : []),
        ...(runsApi(config.ROLE) ? [AccountStatesGauge] : []),
      ],
      exports: [Reconcile],
    };
  }
}
