import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from './config/config.module';
import { PaymentsModule } from './contexts/payments/payments.module';
import { DebtorSyncModule } from './contexts/debtor-sync/debtor-sync.module';
import { DebtEscalationModule } from './contexts/debt-escalation/debt-escalation.module';
import { NotificationFlowModule } from './contexts/notification-flow/notification-flow.module';
import { SyncIxcModule } from './contexts/sync-ixc/sync-ixc.module';
import { TelephonyEnforcementModule } from './contexts/telephony-enforcement/telephony-enforcement.module';
import type { AppConfig } from './config/load-config';
import { AccessModule } from './platform/access/access.module';
import { DatabaseModule } from './platform/database/database.module';
import type { DatabaseRuntime } from './platform/database/database-runtime';
import { DemoModule } from './platform/demo/demo.module';
import { HealthModule } from './platform/health/health.module';
import { ProblemDetailsFilter } from './platform/http/problem-details.filter';
import { createValidationPipe } from './platform/http/validation';
import { LifecycleModule } from './platform/lifecycle/lifecycle.module';
import { LocalControlModule } from './platform/local-control/local-control.module';
import { MessagingModule } from './platform/messaging/messaging.module';
import { LoggerModule } from './platform/observability/logger.module';
import { ObservabilityModule } from './platform/observability/observability.module';
import { SchedulingModule } from './platform/scheduling/scheduling.module';
import { runsSchedules } from './platform/process/roles';

export interface AppRuntime {
  config: AppConfig;
  database: DatabaseRuntime;
}

/**
 * The composition root. Platform modules always load; each bounded context (src/contexts/*) adds
 * its module here. ROLE decides which triggers are armed (HTTP API, consumers, cron schedules).
 */
@Module({})
export class AppModule {
  static forRoot(runtime: AppRuntime, extraModules: Type[] = []): DynamicModule {
    const { config, database } = runtime;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(config),
        LifecycleModule,
        ObservabilityModule,
        DatabaseModule.forRoot(database, { migrationsRun: config.DB_MIGRATIONS_RUN }),
        HealthModule,
        MessagingModule.forRoot(config),
        SchedulingModule.forRoot({ runSchedules: runsSchedules(config.ROLE) }),
        AccessModule,
        LocalControlModule,
        ...(config.REGUA_MODE === 'demo' ? [DemoModule.forRoot()] : []),
        // Bounded contexts
        SyncIxcModule.forRoot(config),
        TelephonyEnforcementModule.forRoot(config),
        NotificationFlowModule.forRoot(config),
        PaymentsModule.forRoot(config),
        DebtorSyncModule.forRoot(config),
        DebtEscalationModule.forRoot(config),
        ...extraModules,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
