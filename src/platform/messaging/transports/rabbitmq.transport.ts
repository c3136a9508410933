import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfirmChannel, Message, Options } from 'amqplib';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { settleWithin } from '../../../shared/async/settle-within';
import { ConsumerExecutor, type ConsumerRegistration, type ConsumerTopology } from '../consumer-executor';
import { DIRECT, EVENTS_EXCHANGE, type MessageHeaders, type OutboundMessage } from '../messages';
import { ATTEMPT_HEADER, RabbitDeliveries } from './rabbitmq-deliveries';
import { RabbitNames } from './rabbitmq-names';
import { RabbitTopology } from './rabbitmq-topology';
import { MessageTransport } from './message-transport';

const PUBLISH_TIMEOUT_MS = 10_000;

/** The broker returned a mandatory message: no queue is bound for it although a consumer wants it. */
export class UnroutableMessageError extends Error {
  constructor(exchange: string, routingKey: string) {
    super(`No queue took the message (exchange "${exchange}", routing key "${routingKey}")`);
    this.name = 'UnroutableMessageError';
  }
}

type ChannelWrapper = ReturnType<AmqpConnection['managedConnection']['createChannel']>;

/**
 * RabbitMQ through @golevelup/nestjs-rabbitmq (connection management, reconnects, confirmed
 * publishing). The topology of every consumer of the code base (RabbitTopology) is declared by every
 * process on every (re)connect, publishers included: a message published before any worker ever
 * started is queued, not dropped. Publishing is mandatory, and a message the broker returns although
 * a consumer wants it fails the publish (the outbox row stays pending). Failures never use REQUEUE:
 * they go to a retry queue (growing delays) or to dead letters; a redelivery after a crash counts as
 * an attempt.
 */
@Injectable()
export class RabbitMqTransport extends MessageTransport {
  readonly kind = 'rabbitmq' as const;
  private readonly logger = new Logger('RabbitMQ');
  readonly names: RabbitNames;
  private connection?: AmqpConnection;
  private readonly channels: ChannelWrapper[] = [];
  private publisher?: ChannelWrapper;
  private topology?: RabbitTopology;
  /** Message ids the broker returned as unroutable, until their publish confirm is looked at. */
  private readonly returned = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly declared = { exchanges: new Set<string>(), queues: new Set<string>() };
  private readonly deliveries: RabbitDeliveries;
  private accepting = false;

  constructor(
    private readonly executor: ConsumerExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    this.names = new RabbitNames(config.AMQP_NAMESPACE);
    this.deliveries = new RabbitDeliveries(executor, this.logger, {
      accepting: () => this.accepting,
      track: (work) => this.track(work),
      retry: (channel, consumer, delivery, { delayMs, nextAttempt }) =>
        this.publishConfirmed(
          channel,
          this.names.retryQueue(consumer.name, delayMs),
          delivery.msg.content,
          // Back from the retry queue the routing key is the queue's: keep the event's own.
          this.properties(
            delivery.message.messageId,
            { ...delivery.message.headers, originalRoutingKey: delivery.message.routingKey },
            nextAttempt,
          ),
        ),
    });
  }

  async start(consumers: ConsumerTopology[]): Promise<void> {
    const exchange = this.names.exchange(EVENTS_EXCHANGE);
    const topology = new RabbitTopology(this.names, consumers);
    this.topology = topology;
    const names = topology.declaredNames();
    for (const name of names.exchanges) this.declared.exchanges.add(name);
    for (const name of names.queues) this.declared.queues.add(name);
    this.connection = new AmqpConnection({
      uri: this.config.AMQP_URL as string,
      exchanges: [{ name: exchange, type: 'topic', options: { durable: true } }],
      // Start even when the broker is down: the outbox keeps messages and readiness reports it.
      connectionInitOptions: { wait: false },
      defaultPublishOptions: { persistent: true, contentType: 'application/json' },
      enableDirectReplyTo: false,
      registerHandlers: false,
      connectionManagerOptions: { heartbeatIntervalInSeconds: 10, reconnectTimeInSeconds: 1 },
    });
    await this.connection.init();
    this.connection.managedConnection.on('disconnect', ({ err }: { err?: Error }) =>
      this.logger.warn({ err }, 'Disconnected from RabbitMQ; reconnecting'),
    );
    this.connection.managedConnection.on('connect', () => this.logger.log('Connected to RabbitMQ'));
    this.publisher = this.connection.managedConnection.createChannel({
      name: 'publisher',
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        channel.on('return', (msg: Message) => this.returned.add(String(msg.properties.messageId)));
        await topology.declareAll(channel);
      },
    });
    // A failed setup (channel closed while declaring) is retried on the next connect; publishes wait.
    this.publisher.on('error', (err: Error) =>
      this.logger.warn({ err }, 'Could not set up the publisher channel; retrying on reconnect'),
    );
    this.channels.push(this.publisher);
    this.accepting = true;
  }

  isConnected(): boolean {
    return this.connection?.managedConnection.isConnected() ?? false;
  }

  /** Names declared by this process (tests delete them afterwards). */
  declaredNames(): { exchanges: string[]; queues: string[] } {
    return { exchanges: [...this.declared.exchanges], queues: [...this.declared.queues] };
  }

  async publish(messages: OutboundMessage[]): Promise<void> {
    const publisher = this.publisher;
    const topology = this.topology;
    if (!publisher || !topology) throw new Error('RabbitMQ transport used before start()');
    await Promise.all(
      messages.map(async (m) => {
        const exchange = this.names.exchange(m.exchange);
        const routingKey = m.exchange === DIRECT ? this.names.queue(m.routingKey) : m.routingKey;
        await publisher.publish(exchange, routingKey, Buffer.from(m.payloadJson), {
          ...this.properties(m.messageId, m.headers, 1),
          mandatory: true,
        });
        // The broker sends basic.return before the confirm: it is known by now. An event no consumer
        // wants is fine to drop; one a consumer wants (or a replay to a queue) must wait for its queue.
        const returned = this.returned.delete(m.messageId);
        if (returned && (m.exchange === DIRECT || topology.isWanted(m.routingKey)))
          throw new UnroutableMessageError(exchange, routingKey);
      }),
    );
  }

  private properties(
    messageId: string,
    headers: MessageHeaders,
    attempt: number,
  ): Options.Publish & { timeout: number } {
    return {
      persistent: true,
      contentType: 'application/json',
      messageId,
      correlationId: headers.correlationId,
      type: headers.type,
      timestamp: Math.floor(Date.now() / 1000),
      headers: { ...headers, [ATTEMPT_HEADER]: attempt },
      timeout: PUBLISH_TIMEOUT_MS,
    };
  }

  async subscribe(consumer: ConsumerRegistration): Promise<void> {
    const connection = this.requireConnection();
    const topology = new RabbitTopology(this.names, [consumer]);
    const queue = this.names.queue(consumer.name);
    for (const name of topology.queuesOf(consumer)) this.declared.queues.add(name);

    const wrapper = connection.managedConnection.createChannel({
      name: queue,
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        await topology.declare(channel, consumer);
        await channel.prefetch(consumer.prefetch);
        await channel.consume(queue, (msg) => msg && this.deliveries.onMessage(consumer, channel, msg), {
          noAck: false,
        });
      },
    });
    this.channels.push(wrapper);
    await wrapper.waitForConnect();
  }

  private track(work: Promise<unknown>): void {
    const done = work.then(() => undefined);
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private publishConfirmed(
    channel: ConfirmChannel,
    queue: string,
    content: Buffer,
    options: Options.Publish,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      channel.publish('', queue, content, options, (err) => (err ? reject(err) : resolve()));
    });
  }

  async stop(timeoutMs: number): Promise<void> {
    this.accepting = false;
    await settleWithin(this.inFlight, timeoutMs);
    await Promise.allSettled(this.channels.map((c) => c.close()));
    await this.connection?.managedConnection.close();
  }

  private requireConnection(): AmqpConnection {
    if (!this.connection) throw new Error('RabbitMQ transport used before start()');
    return this.connection;
  }
}
