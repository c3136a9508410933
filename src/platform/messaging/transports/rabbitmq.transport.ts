import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { settleWithin } from '../../../shared/async/settle-within';
import { ConsumerExecutor, type ConsumerRegistration } from '../consumer-executor';
import {
  DIRECT,
  EVENTS_EXCHANGE,
  toInbound,
  type InboundMessage,
  type MessageHeaders,
  type OutboundMessage,
} from '../messages';
import { distinctDelays } from '../retry-policy';
import { RabbitNames } from './rabbitmq-names';
import { MessageTransport } from './message-transport';

const ATTEMPT_HEADER = 'x-regua-attempt';
const PUBLISH_TIMEOUT_MS = 10_000;
/** Most deliveries applied in one transaction, and how many such transactions run at once per consumer. */
const MAX_BATCH = 100;
const MAX_CONCURRENT_BATCHES = 4;

interface Delivery {
  channel: ConfirmChannel;
  msg: ConsumeMessage;
  message: InboundMessage;
}

interface ConsumerQueue {
  pending: Delivery[];
  scheduled: boolean;
  running: number;
}

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
  private readonly queues = new Map<string, ConsumerQueue>();
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
          Buffer.from(m.payloadJson),
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
        await channel.consume(queue, (msg) => msg && this.onMessage(consumer, channel, msg), {
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

  /**
   * Deliveries that arrive together are applied in one transaction (one commit for many messages),
   * a few transactions at a time per consumer. A batch that fails is retried message by message, so
   * only a failing message goes through retries.
   */
  private onMessage(consumer: ConsumerRegistration, channel: ConfirmChannel, msg: ConsumeMessage): void {
    if (!this.accepting) return; // not acked: the broker redelivers it after the channel closes
    const queue = this.queueOf(consumer);
    queue.pending.push({ channel, msg, message: this.inbound(msg) });
    if (!queue.scheduled) {
      queue.scheduled = true;
      setImmediate(() => {
        queue.scheduled = false;
        this.dispatch(consumer, queue);
      });
    }
  }

  private queueOf(consumer: ConsumerRegistration): ConsumerQueue {
    let queue = this.queues.get(consumer.name);
    if (!queue) {
      queue = { pending: [], scheduled: false, running: 0 };
      this.queues.set(consumer.name, queue);
    }
    return queue;
  }

  /** Starts batches while there is work and fewer than MAX_CONCURRENT_BATCHES run. */
  private dispatch(consumer: ConsumerRegistration, queue: ConsumerQueue): void {
    while (queue.pending.length > 0 && queue.running < MAX_CONCURRENT_BATCHES && this.accepting) {
      const batch = queue.pending.splice(0, MAX_BATCH);
      queue.running += 1;
      this.track(
        this.applyBatch(consumer, batch).finally(() => {
          queue.running -= 1;
          this.dispatch(consumer, queue);
        }),
      );
    }
  }

  private async applyBatch(consumer: ConsumerRegistration, batch: Delivery[]): Promise<void> {
    if (batch.length > 1) {
      try {
        await this.executor.executeBatch(
          consumer,
          batch.map((d) => d.message),
        );
        for (const d of batch) this.ack(d.channel, d.msg);
        return;
      } catch {
        // fall through: one transaction per message isolates the failing one
      }
    }
    for (const delivery of batch) await this.applyOne(consumer, delivery);
  }

  private ack(channel: ConfirmChannel, msg: ConsumeMessage): void {
    try {
      channel.ack(msg);
    } catch (error) {
      // The channel closed (broker restart): the broker redelivers; the inbox makes that a no-op.
      this.logger.warn({ err: error }, 'Could not acknowledge: channel closed');
    }
  }

  private async applyOne(consumer: ConsumerRegistration, { channel, msg, message }: Delivery): Promise<void> {
    try {
      await this.executor.execute(consumer, message);
      this.ack(channel, msg);
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
              message.messageId,
              { ...message.headers, originalRoutingKey: message.routingKey },
              decision.nextAttempt,
            ),
          );
        }
        this.ack(channel, msg);
      } catch (routingError) {
        // Could not schedule the retry nor park the message (broker or database down): leave it
        // unacknowledged; the broker redelivers it when the channel closes. The inbox keeps it once.
        this.logger.error(
          { err: routingError, consumer: consumer.name, messageId: message.messageId },
          'Could not route a failed message',
        );
      }
    }
  }

  private inbound(msg: ConsumeMessage): InboundMessage {
    const headers = (msg.properties.headers ?? {}) as MessageHeaders;
    let payload: unknown;
    try {
      payload = JSON.parse(msg.content.toString('utf8'));
    } catch {
      payload = msg.content.toString('utf8');
    }
    return toInbound(
      String(msg.properties.messageId),
      msg.fields.routingKey,
      payload,
      headers,
      Number(headers[ATTEMPT_HEADER] ?? 1),
    );
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
