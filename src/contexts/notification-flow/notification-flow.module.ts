import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { AppConfig } from '../../config/load-config';
import { PausedChannelsGauge } from './application/settings/paused-channels.gauge';
import { runsApi, runsSchedules, runsWorkers } from '../../platform/process/roles';
import { MessageRenderer } from './application/ports/message-renderer';
import { TemplatePreviews } from './application/templates/template-previews';
import { Templates } from './application/templates/templates.repository';
import { TemplateStore } from './application/ports/template-store';
import { TypeormTemplateStore } from './infrastructure/persistence/typeorm-template-store';
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
import { RecordDeliveryFeedbackHandler } from './application/record-delivery-feedback/record-delivery-feedback.handler';
import { DeliveryFeedbackRepository } from './application/ports/delivery-feedback.repository';
import { TypeormDeliveryFeedbackRepository } from './infrastructure/persistence/typeorm-delivery-feedback.repository';
import { Flows } from './application/flows/flows.repository';
import { FlowStore } from './application/ports/flow-store';
import { TypeormFlowStore } from './infrastructure/persistence/typeorm-flow-store';
import { NotificationMetrics } from './application/notification-metrics';
import { OperatorReadModel } from './application/ports/operator-read-model';
import { TypeormOperatorReadModel } from './infrastructure/persistence/typeorm-operator-read-model';
import { GetDebtorHandler } from './application/get-debtor/get-debtor.query-handler';
import { GetDebtorHistoryHandler } from './application/get-debtor-history/get-debtor-history.query-handler';
import { GetContactHistoryHandler } from './application/get-contact-history/get-contact-history.query-handler';
import { ListSchedulesHandler } from './application/list-schedules/list-schedules.query-handler';
import { GetScheduleHandler } from './application/get-schedule/get-schedule.query-handler';
import { GetNotificationStatsHandler } from './application/get-notification-stats/get-notification-stats.query-handler';
import { NotificationSettingsStore } from './application/settings/notification-settings';
import { TenantSettingsRepository } from './application/ports/tenant-settings.repository';
import { TypeormTenantSettingsRepository } from './infrastructure/persistence/typeorm-tenant-settings.repository';
import { DebtorsController } from './interface/http/debtors.controller';
import { EvolutionWebhookController } from './interface/http/evolution-webhook.controller';
import { FlowsController } from './interface/http/flows.controller';
import { SchedulesController } from './interface/http/schedules.controller';
import { NotificationSettingsController } from './interface/http/settings.controller';
import { NotificationStatsController } from './interface/http/stats.controller';
import { DispatchDueSchedulesHandler } from './application/dispatch-due-schedules/dispatch-due-schedules.handler';
import { DueSchedules } from './application/ports/due-schedules.repository';
import { TypeormDueSchedules } from './infrastructure/persistence/typeorm-due-schedules.repository';
import { CyclePlanner } from './application/planning/cycle-planner';
import { DebtCycles } from './application/ports/debt-cycles.repository';
import { TypeormDebtCycles } from './infrastructure/persistence/typeorm-debt-cycles.repository';
import { PlanCycleHandler } from './application/plan-cycle/plan-cycle.handler';
import { CloseDebtHandler } from './application/close-debt/close-debt.handler';
import { CloseContractDebtsHandler } from './application/close-contract-debts/close-contract-debts.handler';
import { WhenReceivableDueSoonPlanCyclePolicy } from './application/policies/when-receivable-due-soon-plan-cycle.policy';
import { WhenReceivableOverduePlanCyclePolicy } from './application/policies/when-receivable-overdue-plan-cycle.policy';
import { WhenReceivablePaidCloseDebtPolicy } from './application/policies/when-receivable-paid-close-debt.policy';
import { WhenReceivableCancelledCloseDebtPolicy } from './application/policies/when-receivable-cancelled-close-debt.policy';
import { WhenContractStatusChangedCloseContractDebtsPolicy } from './application/policies/when-contract-status-changed-close-contract-debts.policy';
import { WhenClinicContractStatusChangedCloseContractDebtsPolicy } from './application/policies/when-clinic-contract-status-changed-close-contract-debts.policy';
import { WhenInstallmentCancelledCloseDebtPolicy } from './application/policies/when-installment-cancelled-close-debt.policy';
import { WhenInstallmentDueSoonPlanCyclePolicy } from './application/policies/when-installment-due-soon-plan-cycle.policy';
import { WhenInstallmentOverduePlanCyclePolicy } from './application/policies/when-installment-overdue-plan-cycle.policy';
import { WhenInstallmentPaidCloseDebtPolicy } from './application/policies/when-installment-paid-close-debt.policy';
import { WhenDebtEscalatedStopCadencePolicy } from './application/policies/when-debt-escalated-stop-cadence.policy';
import { SendMessageHandler } from './application/send-message/send-message.handler';
import { ClaimBatch } from './application/send-message/claim-batch';
import { DeliverMessage } from './application/send-message/deliver-message';
import { SettleBatch } from './application/send-message/settle-batch';
import { ChannelFallback } from './application/send-message/channel-fallback';
import { TemplateContexts } from './application/send-message/template-context';
import { SendingSchedules } from './application/ports/sending-schedules.repository';
import { TypeormSendingSchedules } from './infrastructure/persistence/typeorm-sending-schedules.repository';
import { Throttles } from './application/throttle/throttles';
import { ThrottleSlots } from './application/ports/throttle-slots.repository';
import { TypeormThrottleSlots } from './infrastructure/persistence/typeorm-throttle-slots.repository';
import { DispatchLoop } from './interface/cron/dispatch.loop';
import { StaleSchedulesLoop } from './interface/cron/stale-schedules.loop';
import { SweepStaleSchedulesHandler } from './application/sweep-stale-schedules/sweep-stale-schedules.handler';
import { StaleSchedules } from './application/ports/stale-schedules.repository';
import { TypeormStaleSchedules } from './infrastructure/persistence/typeorm-stale-schedules.repository';
import { ResolveUnknownScheduleHandler } from './application/resolve-unknown-schedule/resolve-unknown-schedule.handler';
import { DemoDunningSetup } from './interface/demo/demo-dunning-setup';
import { RegisterWhatsappWebhookHandler } from './application/register-whatsapp-webhook/register-whatsapp-webhook.handler';
import { PrepareDemoTenantHandler } from './application/prepare-demo-tenant/prepare-demo-tenant.handler';
import { WhatsappController } from './interface/http/whatsapp.controller';
import { WhatsappPause } from './application/whatsapp/whatsapp-pause';
import { GetChannelStatesHandler } from './application/get-channel-states/get-channel-states.query-handler';
import { ProbePausedChannelsHandler } from './application/probe-paused-channels/probe-paused-channels.handler';
import { ResumeWhatsappHandler } from './application/resume-whatsapp/resume-whatsapp.handler';
import { ListFlowsHandler } from './application/list-flows/list-flows.query-handler';
import { GetFlowHandler } from './application/get-flow/get-flow.query-handler';
import { GetFlowVersionsHandler } from './application/get-flow-versions/get-flow-versions.query-handler';
import { CreateFlowHandler } from './application/create-flow/create-flow.handler';
import { UpdateFlowHandler } from './application/update-flow/update-flow.handler';
import { ArchiveFlowHandler } from './application/archive-flow/archive-flow.handler';
import { ListTemplatesHandler } from './application/list-templates/list-templates.query-handler';
import { GetTemplateHandler } from './application/get-template/get-template.query-handler';
import { CreateTemplateHandler } from './application/create-template/create-template.handler';
import { UpdateTemplateHandler } from './application/update-template/update-template.handler';
import { DeleteTemplateHandler } from './application/delete-template/delete-template.handler';
import { PreviewTemplateHandler } from './application/preview-template/preview-template.query-handler';
import { GetNotificationSettingsHandler } from './application/get-notification-settings/get-notification-settings.query-handler';
import { UpdateNotificationSettingsHandler } from './application/update-notification-settings/update-notification-settings.handler';
import { ChannelsController } from './interface/http/channels.controller';
import { PausedChannelsProbeLoop } from './interface/cron/paused-channels-probe.loop';
import {
  EmailQueueConsumer,
  SmsQueueConsumer,
  WhatsappQueueConsumer,
} from './interface/messaging/channel-queues.consumer';
import { ClinicDebtEventsConsumer } from './interface/messaging/clinic-debt-events.consumer';
import { IxcDebtEventsConsumer } from './interface/messaging/ixc-debt-events.consumer';
import { WhenPaymentRecordedCloseDebtPolicy } from './application/policies/when-payment-recorded-close-debt.policy';
import { PaymentEventsConsumer } from './interface/messaging/payment-events.consumer';
import { EscalatedDebtsConsumer } from './interface/messaging/escalated-debts.consumer';
import { BILLING_API_CONTROLLERS, BILLING_API_PROVIDERS } from './billing-api.providers';

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
      { provide: TemplateStore, useClass: TypeormTemplateStore },
      TemplatePreviews,
      { provide: MessageRenderer, useClass: TenantMessageRenderer },
      { provide: ChannelProviders, useClass: TenantChannelProviders },
      Flows,
      { provide: FlowStore, useClass: TypeormFlowStore },
      NotificationSettingsStore,
      { provide: TenantSettingsRepository, useClass: TypeormTenantSettingsRepository },
      NotificationMetrics,
      { provide: OperatorReadModel, useClass: TypeormOperatorReadModel },
      GetDebtorHandler,
      GetDebtorHistoryHandler,
      GetContactHistoryHandler,
      ListSchedulesHandler,
      GetScheduleHandler,
      GetNotificationStatsHandler,
      { provide: DebtorContacts, useClass: TypeormDebtorContacts },
      DebtorChanges,
      CancelDebtorHandler,
      SnoozeDebtorHandler,
      OptOutDebtorHandler,
      OptInDebtorHandler,
      { provide: DeliveryFeedbackRepository, useClass: TypeormDeliveryFeedbackRepository },
      RecordDeliveryFeedbackHandler,
      Throttles,
      { provide: ThrottleSlots, useClass: TypeormThrottleSlots },
      { provide: DebtCycles, useClass: TypeormDebtCycles },
      CyclePlanner,
      PlanCycleHandler,
      CloseDebtHandler,
      CloseContractDebtsHandler,
      WhenReceivableDueSoonPlanCyclePolicy,
      WhenReceivableOverduePlanCyclePolicy,
      WhenReceivablePaidCloseDebtPolicy,
      WhenReceivableCancelledCloseDebtPolicy,
      WhenContractStatusChangedCloseContractDebtsPolicy,
      WhenPaymentRecordedCloseDebtPolicy,
      WhenInstallmentDueSoonPlanCyclePolicy,
      WhenInstallmentOverduePlanCyclePolicy,
      WhenInstallmentPaidCloseDebtPolicy,
      WhenInstallmentCancelledCloseDebtPolicy,
      WhenClinicContractStatusChangedCloseContractDebtsPolicy,
      WhenDebtEscalatedStopCadencePolicy,
      { provide: DueSchedules, useClass: TypeormDueSchedules },
      DispatchDueSchedulesHandler,
      { provide: SendingSchedules, useClass: TypeormSendingSchedules },
      SendMessageHandler,
      ClaimBatch,
      DeliverMessage,
      SettleBatch,
      ChannelFallback,
      TemplateContexts,
      { provide: StaleSchedules, useClass: TypeormStaleSchedules },
      SweepStaleSchedulesHandler,
      ResolveUnknownScheduleHandler,
      RegisterWhatsappWebhookHandler,
      PrepareDemoTenantHandler,
      WhatsappPause,
      GetChannelStatesHandler,
      ListFlowsHandler,
      GetFlowHandler,
      GetFlowVersionsHandler,
      CreateFlowHandler,
      UpdateFlowHandler,
      ArchiveFlowHandler,
      ListTemplatesHandler,
      GetTemplateHandler,
      CreateTemplateHandler,
      UpdateTemplateHandler,
      DeleteTemplateHandler,
      PreviewTemplateHandler,
      GetNotificationSettingsHandler,
      UpdateNotificationSettingsHandler,
      ResumeWhatsappHandler,
      ProbePausedChannelsHandler,
      ...BILLING_API_PROVIDERS,
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
      ...BILLING_API_CONTROLLERS,
    ];
    // ROLE=worker|all: message consumers
    const workers: Provider[] = [
      IxcDebtEventsConsumer,
      PaymentEventsConsumer,
      ClinicDebtEventsConsumer,
      EscalatedDebtsConsumer,
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
