import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { AppConfig } from '../../config/load-config';
import { PausedChannelsGauge } from './application/settings/paused-channels.gauge';
import { runsApi, runsSchedules, runsWorkers } from '../../platform/process/roles';
import { MessageRenderer } from './application/ports/message-renderer';
import { TemplatePreviews } from './application/templates/template-previews';
import { Templates } from './application/templates/templates.repository';
import { TenantMessageRenderer } from './application/templates/tenant-message-renderer';
import { TemplatesController } from './interface/http/templates.controller';
import { ChannelProviders } from './application/ports/channel-providers';
import { TenantChannelProviders } from './infrastructure/providers/tenant-channel-providers';
import { DebtorChanges } from './application/debtors/debtor-changes';
import { DebtorContacts } from './application/ports/debtor-contacts.repository';
import { TypeormDebtorContacts } from './infrastructure/persistence/typeorm-debtor-contacts.repository';
import { CancelDebtorHandler } from './application/cancel-debtor/cancel-debtor.handler';
import { SnoozeDebtorHandler } from './application/snooze-debtor/snooze-debtor.handler';
import { OptOutDebtorHandler } from './application/opt-out-debtor/opt-out-debtor.handler';
import { OptInDebtorHandler } from './application/opt-in-debtor/opt-in-debtor.handler';
import { DeliveryFeedback } from './application/debtors/delivery-feedback';
import { Flows } from './application/flows/flows.repository';
import { NotificationMetrics } from './application/notification-metrics';
import { OperatorQueries } from './application/operators/operator-queries';
import { NotificationSettingsStore } from './application/settings/notification-settings';
import { DebtorsController } from './interface/http/debtors.controller';
import { EvolutionWebhookController } from './interface/http/evolution-webhook.controller';
import { FlowsController } from './interface/http/flows.controller';
import { SchedulesController } from './interface/http/schedules.controller';
import { NotificationSettingsController } from './interface/http/settings.controller';
import { NotificationStatsController } from './interface/http/stats.controller';
import { DispatchDueSchedulesHandler } from './application/dispatch-due-schedules/dispatch-due-schedules.handler';
import { DueSchedules } from './application/ports/due-schedules.repository';
import { TypeormDueSchedules } from './infrastructure/persistence/typeorm-due-schedules.repository';
import { DebtIntake } from './application/planning/debt-intake';
import { WhenDebtEscalatedStopCadencePolicy } from './application/policies/when-debt-escalated-stop-cadence.policy';
import { StopEscalatedDebtsHandler } from './application/stop-escalated-debts/stop-escalated-debts.handler';
import { SendMessageHandler } from './application/send-message/send-message.handler';
import { ClaimBatch } from './application/send-message/claim-batch';
import { DeliverMessage } from './application/send-message/deliver-message';
import { SettleBatch } from './application/send-message/settle-batch';
import { ChannelFallback } from './application/send-message/channel-fallback';
import { TemplateContexts } from './application/send-message/template-context';
import { SendingSchedules } from './application/ports/sending-schedules.repository';
import { TypeormSendingSchedules } from './infrastructure/persistence/typeorm-sending-schedules.repository';
import { Throttles } from './application/throttle/throttles';
import { DispatchLoop } from './interface/cron/dispatch.loop';
import { StaleSchedulesLoop } from './interface/cron/stale-schedules.loop';
import { StaleSchedulesSweep } from './application/stale-sweep/stale-schedules-sweep';
import { ResolveUnknownScheduleHandler } from './application/resolve-unknown-schedule/resolve-unknown-schedule.handler';
import { DemoDunningSetup } from './interface/demo/demo-dunning-setup';
import { WhatsappWebhookRegistration } from './application/whatsapp/whatsapp-webhook-registration';
import { WhatsappController } from './interface/http/whatsapp.controller';
import { WhatsappPause } from './application/whatsapp/whatsapp-pause';
import { GetChannelStatesHandler } from './application/get-channel-states/get-channel-states.query-handler';
import { ProbePausedChannelsHandler } from './application/probe-paused-channels/probe-paused-channels.handler';
import { ResumeWhatsappHandler } from './application/resume-whatsapp/resume-whatsapp.handler';
import { ChannelsController } from './interface/http/channels.controller';
import { PausedChannelsProbeLoop } from './interface/cron/paused-channels-probe.loop';
import {
  EmailQueueConsumer,
  SmsQueueConsumer,
  WhatsappQueueConsumer,
} from './interface/messaging/channel-queues.consumer';
import { IxcDebtEventsConsumer } from './interface/messaging/ixc-debt-events.consumer';

/**
 * notification-flow: the dunning cadence — versioned flows, debtors and debts from other contexts'
 * events, planned schedules, dispatch within business hours and throttles, channel workers, contact
 * history, templates, delivery feedback and the operators' API.
 */
@Module({})
export class NotificationFlowModule {
  static forRoot(config: AppConfig): DynamicModule {
    // Every process (api, worker, scheduler)
    const shared: Provider[] = [
      Templates,
      TemplatePreviews,
      { provide: MessageRenderer, useClass: TenantMessageRenderer },
      { provide: ChannelProviders, useClass: TenantChannelProviders },
      Flows,
      NotificationSettingsStore,
      NotificationMetrics,
      OperatorQueries,
      { provide: DebtorContacts, useClass: TypeormDebtorContacts },
      DebtorChanges,
      CancelDebtorHandler,
      SnoozeDebtorHandler,
      OptOutDebtorHandler,
      OptInDebtorHandler,
      DeliveryFeedback,
      Throttles,
      DebtIntake,
      { provide: DueSchedules, useClass: TypeormDueSchedules },
      DispatchDueSchedulesHandler,
      { provide: SendingSchedules, useClass: TypeormSendingSchedules },
      SendMessageHandler,
      ClaimBatch,
      DeliverMessage,
      SettleBatch,
      ChannelFallback,
      TemplateContexts,
      StaleSchedulesSweep,
      ResolveUnknownScheduleHandler,
      WhatsappWebhookRegistration,
      WhatsappPause,
      GetChannelStatesHandler,
      ResumeWhatsappHandler,
      ProbePausedChannelsHandler,
      StopEscalatedDebtsHandler,
    ];
    // ROLE=api|all
    const controllers: Type[] = [
      TemplatesController,
      FlowsController,
      NotificationSettingsController,
      SchedulesController,
      DebtorsController,
      NotificationStatsController,
      EvolutionWebhookController,
      WhatsappController,
      ChannelsController,
    ];
    // ROLE=worker|all: message consumers
    const workers: Provider[] = [
      IxcDebtEventsConsumer,
      WhenDebtEscalatedStopCadencePolicy,
      EmailQueueConsumer,
      SmsQueueConsumer,
      WhatsappQueueConsumer,
    ];
    // ROLE=scheduler|all
    const schedulers: Provider[] = [DispatchLoop, PausedChannelsProbeLoop, StaleSchedulesLoop];
    return {
      module: NotificationFlowModule,
      controllers: runsApi(config.ROLE) ? controllers : [],
      providers: [
        ...shared,
        ...(config.REGUA_MODE === 'demo' && runsSchedules(config.ROLE) ? [DemoDunningSetup] : []),
        ...(runsWorkers(config.ROLE) ? workers : []),
        ...(runsSchedules(config.ROLE) ? schedulers : []),
        ...(runsApi(config.ROLE) ? [PausedChannelsGauge] : []),
      ],
    };
  }
}
