import {
  Global,
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/load-config';
import { ReadinessIndicators } from '../health/readiness-indicators';
import { runsApi, runsSchedules, runsWorkers } from '../process/roles';
import { ConsumerExecutor } from './consumer-executor';
import { ConsumerRegistry } from './consumer-registry';
import { CqrsErrorMonitor } from './cqrs-error-monitor';
import { DeadLetters } from './dead-letters';
import { DeadLettersGauge } from './dead-letters.gauge';
import { DeadLettersController } from './interface/dead-letters.controller';
import { MessagingOverviewController } from './interface/messaging-overview.controller';
import { GetMessagingOverviewHandler } from './application/get-messaging-overview/get-messaging-overview.query-handler';
import { MessagingBacklog } from './application/ports/messaging-backlog';
import { TypeormMessagingBacklog } from './infrastructure/persistence/typeorm-messaging-backlog';
import { MessagingJobsCron } from './messaging-jobs.cron';
import { MessagingMetrics } from './messaging-metrics';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { Redeliveries } from './redeliveries';
import { LocalTransport } from './transports/local.transport';
import { MessageTransport } from './transports/message-transport';
import { RabbitMqTransport } from './transports/rabbitmq.transport';

/**
 * The messaging backbone: CQRS buses, the transactional outbox and its relay, the transport
 * (RabbitMQ or in-process), idempotent consumers and dead letters.
 */
@Global()
@Module({})
export class MessagingModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');

  constructor(
    private readonly transport: MessageTransport,
    private readonly relay: OutboxRelay,
    private readonly consumers: ConsumerRegistry,
    private readonly readiness: ReadinessIndicators,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const transport = config.AMQP_URL ? RabbitMqTransport : LocalTransport;
    return {
      module: MessagingModule,
      imports: [DiscoveryModule, CqrsModule.forRoot()],
      controllers: runsApi(config.ROLE) ? [DeadLettersController, MessagingOverviewController] : [],
      providers: [
        MessagingMetrics,
        Outbox,
        DeadLetters,
        Redeliveries,
        ConsumerExecutor,
        ConsumerRegistry,
        OutboxRelay,
        CqrsErrorMonitor,
        GetMessagingOverviewHandler,
        { provide: MessagingBacklog, useClass: TypeormMessagingBacklog },
        transport,
        { provide: MessageTransport, useExisting: transport },
        ...(runsSchedules(config.ROLE) ? [MessagingJobsCron] : []),
        ...(runsApi(config.ROLE) ? [DeadLettersGauge] : []),
      ],
      exports: [Outbox, DeadLetters, OutboxRelay, MessageTransport, CqrsModule],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.transport.start(this.consumers.topology());
    if (this.transport.kind === 'rabbitmq') {
      this.readiness.register(async () => {
        const up = this.transport.isConnected();
        return { broker: { status: up ? 'up' : 'down' } } as const;
      });
    } else if (this.config.ROLE !== 'all') {
      this.logger.warn(
        'The in-process transport delivers only to consumers of this process: run ROLE=all or set AMQP_URL',
      );
    }
    if (runsWorkers(this.config.ROLE)) {
      for (const consumer of this.consumers.all()) await this.transport.subscribe(consumer);
    }
    if (this.config.OUTBOX_RELAY_ENABLED) this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.transport.stop(this.config.SHUTDOWN_TIMEOUT_MS);
  }
}
