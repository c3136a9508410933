import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { settleWithin } from '../../../shared/async/settle-within';
import { ConsumerExecutor, type ConsumerRegistration } from '../consumer-executor';
import { DIRECT, EVENTS_EXCHANGE, toInbound, type MessageHeaders, type OutboundMessage } from '../messages';
import { distinctDelays } from '../retry-policy';
import { RabbitNames } from './rabbitmq-names';
import { MessageTransport } from './message-transport';

const ATTEMPT_HEADER = 'x-regua-attempt';
const PUBLISH_TIMEOUT_MS = 10_000;

type ChannelWrapper = ReturnType<AmqpConnection['managedConnection']['createChannel']>;

/**
 * RabbitMQ through @golevelup/nestjs-rabbitmq (connection management, reconnects, confirmed
 * publishing). Topology is declared in code and re-declared on every reconnect: a durable topic
 * exchange; per consumer a durable queue and TTL retry queues that dead-letter back to that queue
 * only. Failures never use REQUEUE: they go to a retry queue (growing delays) or to dead letters.
 */
@Injectable()
export class RabbitMqTransport extends MessageTransport {
  readonly kind = 'rabbitmq' as const;
  private readonly logger = new Logger('RabbitMQ');
  readonly names: RabbitNames;
  private connection?: AmqpConnection;
  private readonly channels: ChannelWrapper[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly declared = { exchanges: new Set<string>(), queues: new Set<string>() };
  private accepting = false;

  constructor(
    private readonly executor: ConsumerExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    this.names = new RabbitNames(config.AMQP_NAMESPACE);
  }

  async start(): Promise<void> {
    const exchange = this.names.exchange(EVENTS_EXCHANGE);
    this.declared.exchanges.add(exchange);
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
    const connection = this.requireConnection();
    await Promise.all(
      messages.map((m) =>
        connection.publish(
          this.names.exchange(m.exchange),
          m.exchange === DIRECT ? this.names.queue(m.routingKey) : m.routingKey,
          Buffer.from(JSON.stringify(m.payload)),
          this.properties(m.messageId, m.headers, 1),
        ),
      ),
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
    const exchange = this.names.exchange(EVENTS_EXCHANGE);
    const queue = this.names.queue(consumer.name);
    const delays = distinctDelays(consumer.policy);
    this.declared.queues.add(queue);
    for (const delay of delays) this.declared.queues.add(this.names.retryQueue(consumer.name, delay));

    const wrapper = connection.managedConnection.createChannel({
      name: queue,
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        await channel.assertExchange(exchange, 'topic', { durable: true });
        await channel.assertQueue(queue, { durable: true });
        for (const pattern of consumer.routingKeys) await channel.bindQueue(queue, exchange, pattern);
        for (const delay of delays) {
          await channel.assertQueue(this.names.retryQueue(consumer.name, delay), {
            durable: true,
            arguments: {
              'x-message-ttl': delay,
              'x-dead-letter-exchange': '',
              'x-dead-letter-routing-key': queue,
            },
          });
        }
        await channel.prefetch(consumer.prefetch);
        await channel.consume(queue, (msg) => msg && this.track(this.onMessage(consumer, channel, msg)), {
          noAck: false,
        });
      },
    });
    this.channels.push(wrapper);
    await wrapper.waitForConnect();
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async onMessage(
    consumer: ConsumerRegistration,
    channel: ConfirmChannel,
    msg: ConsumeMessage,
  ): Promise<void> {
    if (!this.accepting) return; // not acked: the broker redelivers it to another consumer
    const headers = (msg.properties.headers ?? {}) as MessageHeaders;
    const attempt = Number(headers[ATTEMPT_HEADER] ?? 1);
    const messageId = String(msg.properties.messageId);
    let payload: unknown;
    try {
      payload = JSON.parse(msg.content.toString('utf8'));
    } catch {
      payload = msg.content.toString('utf8');
    }
    const message = toInbound(messageId, msg.fields.routingKey, payload, headers, attempt);
    try {
      await this.executor.execute(consumer, message);
      channel.ack(msg);
    } catch (error) {
      try {
        const decision = await this.executor.onFailure(consumer, message, error);
        if (decision.action === 'retry') {
          await this.publishConfirmed(
            channel,
            this.names.retryQueue(consumer.name, decision.delayMs),
            msg.content,
            // Back from the retry queue the routing key is the queue's: keep the event's own.
            this.properties(
              messageId,
              { ...headers, originalRoutingKey: message.routingKey },
              decision.nextAttempt,
            ),
          );
        }
        channel.ack(msg);
      } catch (routingError) {
        // Could not schedule the retry nor park the message (broker or database down): leave it
        // unacknowledged; the broker redelivers it when the channel closes. The inbox keeps it once.
        this.logger.error(
          { err: routingError, consumer: consumer.name, messageId },
          'Could not route a failed message',
        );
      }
    }
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
