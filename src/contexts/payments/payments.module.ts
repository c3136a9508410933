import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/load-config';
import { runsApi, runsWorkers } from '../../platform/process/roles';
import { ListPaymentsHandler } from './application/list-payments/list-payments.query-handler';
import { MeasureRestoreHandler } from './application/measure-restore/measure-restore.handler';
import { PaymentsMetrics } from './application/payments-metrics';
import { WhenLineUnblockedMeasureRestorePolicy } from './application/policies/when-line-unblocked-measure-restore.policy';
import { PaymentRepository } from './application/ports/payment.repository';
import { WebhookReceivers } from './application/ports/webhook-receivers';
import { ReceivePaymentWebhookHandler } from './application/receive-payment-webhook/receive-payment-webhook.handler';
import { TypeormPaymentRepository } from './infrastructure/persistence/typeorm-payment.repository';
import { TenantWebhookReceivers } from './infrastructure/tenant-webhook-receivers';
import { PaymentWebhookController } from './interface/http/payment-webhook.controller';
import { PaymentsController } from './interface/http/payments.controller';

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
        ...(runsWorkers(config.ROLE) ? [WhenLineUnblockedMeasureRestorePolicy] : []),
        { provide: PaymentRepository, useClass: TypeormPaymentRepository },
        { provide: WebhookReceivers, useClass: TenantWebhookReceivers },
      ],
    };
  }
}
