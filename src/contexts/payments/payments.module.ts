import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/load-config';
import { runsApi, runsWorkers } from '../../platform/process/roles';
import { LookUpPaymentHandler } from './application/look-up-payment/look-up-payment.handler';
import { ListPaymentsHandler } from './application/list-payments/list-payments.query-handler';
import { MeasureRestoreHandler } from './application/measure-restore/measure-restore.handler';
import { PaymentsMetrics } from './application/payments-metrics';
import { WhenLineUnblockedMeasureRestorePolicy } from './application/policies/when-line-unblocked-measure-restore.policy';
import { LookupRepository } from './application/ports/lookup.repository';
import { PaymentRepository } from './application/ports/payment.repository';
import { PaymentLookups } from './application/ports/payment-lookups';
import { WebhookReceivers } from './application/ports/webhook-receivers';
import { ReceivableMatcher } from './application/receivable-matcher';
import { ReceivePaymentWebhookHandler } from './application/receive-payment-webhook/receive-payment-webhook.handler';
import { TenantMercadoPagoLookups } from './infrastructure/mercadopago/tenant-mercadopago-lookups';
import { TypeormLookupRepository } from './infrastructure/persistence/typeorm-lookup.repository';
import { TypeormPaymentRepository } from './infrastructure/persistence/typeorm-payment.repository';
import { TenantWebhookReceivers } from './infrastructure/tenant-webhook-receivers';
import { PaymentWebhookController } from './interface/http/payment-webhook.controller';
import { PaymentsController } from './interface/http/payments.controller';
import { PaymentLookupsConsumer } from './interface/messaging/payment-lookups.consumer';

/** payments: signed payment webhooks, the payments they record, and "payment → line restored". */
@Module({})
export class PaymentsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PaymentsModule,
      controllers: runsApi(config.ROLE) ? [PaymentWebhookController, PaymentsController] : [],
      providers: [
        PaymentsMetrics,
        ReceivePaymentWebhookHandler,
        ListPaymentsHandler,
        MeasureRestoreHandler,
        LookUpPaymentHandler,
        ReceivableMatcher,
        ...(runsWorkers(config.ROLE) ? [WhenLineUnblockedMeasureRestorePolicy, PaymentLookupsConsumer] : []),
        { provide: PaymentRepository, useClass: TypeormPaymentRepository },
        { provide: LookupRepository, useClass: TypeormLookupRepository },
        { provide: PaymentLookups, useClass: TenantMercadoPagoLookups },
        { provide: WebhookReceivers, useClass: TenantWebhookReceivers },
      ],
    };
  }
}
