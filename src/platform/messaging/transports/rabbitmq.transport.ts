import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfirmChannel, ConsumeMessage, Message, Options } from 'amqplib';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { settleWithin } from '../../../shared/async/settle-within';
import { ConsumerExecutor, type ConsumerRegistration, type ConsumerTopology } from '../consumer-executor';
import {
  DIRECT,
  EVENTS_EXCHANGE,
  toInbound,
  type InboundMessage,
  type MessageHeaders,
  type OutboundMessage,
} from '../messages';
import { RabbitNames } from './rabbitmq-names';
import { inspectQueues } from './rabbitmq-queue-depths';
import { RabbitTopology } from './rabbitmq-topology';
import { MessageTransport, type QueueDepth } from './message-transport';

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
  /** Deliveries the broker handed out again, one group at a time (see applyRedelivered). */
  redelivered: Delivery[];
  redeliveryRunning: boolean;
}

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
  /** Passive queue checks only: a failed check closes this channel, never one that publishes or consumes. */
  private inspector?: ChannelWrapper;
  private topology?: RabbitTopology;
  /** Message ids the broker returned as unroutable, until their publish confirm is looked at. */
  private readonly returned = new Set<string>();
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

  async queueDepths(consumers: ConsumerTopology[]): Promise<QueueDepth[]> {
    const unknown = consumers.map(({ name }) => ({ name, ready: null, delayed: null, consumers: null }));
    if (!this.connection || !this.isConnected()) return unknown;
    if (!this.inspector) {
      this.inspector = this.connection.managedConnection.createChannel({ name: 'inspector', confirm: false });
      this.inspector.on('error', (err: Error) =>
        this.logger.warn({ err }, 'Queue inspection channel failed'),
      );
      this.channels.push(this.inspector);
    }
    return inspectQueues(this.inspector, new RabbitTopology(this.names, consumers), consumers);
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
        await channel.consume(queue, (msg) => msg && this.onMessage(consumer, channel, msg), {
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

  /**
   * Deliveries that arrive together are applied in one transaction (one commit for many messages),
   * a few transactions at a time per consumer. A batch that fails is retried message by message, so
   * only a failing message goes through retries.
   */
  private onMessage(consumer: ConsumerRegistration, channel: ConfirmChannel, msg: ConsumeMessage): void {
    if (!this.accepting) return; // not acked: the broker redelivers it after the channel closes
    const queue = this.queueOf(consumer);
    const delivery = { channel, msg, message: this.inbound(msg) };
    if (msg.fields.redelivered) {
      queue.redelivered.push(delivery);
      setImmediate(() => this.drainRedelivered(consumer, queue)); // once those that arrive together are in
      return;
    }
    queue.pending.push(delivery);
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
      queue = { pending: [], scheduled: false, running: 0, redelivered: [], redeliveryRunning: false };
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

  /** Redelivered messages, one group at a time per consumer (see applyRedelivered). */
  private drainRedelivered(consumer: ConsumerRegistration, queue: ConsumerQueue): void {
    if (queue.redeliveryRunning || !this.accepting || queue.redelivered.length === 0) return;
    const group = queue.redelivered.splice(0, MAX_BATCH);
    queue.redeliveryRunning = true;
    this.track(
      this.applyRedelivered(consumer, group).finally(() => {
        queue.redeliveryRunning = false;
        this.drainRedelivered(consumer, queue);
      }),
    );
  }

  /**
   * Counts each redelivery as an attempt (committed before its handler runs), then handles the
   * messages or dead-letters those out of attempts. Redelivered for the first time, they go as a
   * batch. One redelivered before was in flight when a process died again: those go one at a time,
   * each counted only when it starts, so when one of them kills the process again only that one has
   * used an attempt (those behind it were not started).
   */
  private async applyRedelivered(consumer: ConsumerRegistration, group: Delivery[]): Promise<void> {
    try {
      const before = await this.executor.redeliveredBefore(
        consumer,
        group.map((d) => d.message),
      );
      const settled = await this.applyBatch(
        consumer,
        await this.admit(
          consumer,
          group.filter((d) => !before.has(d.message.messageId)),
        ),
      );
      for (const suspect of group.filter((d) => before.has(d.message.messageId))) {
        for (const admitted of await this.admit(consumer, [suspect]))
          if (await this.applyOne(consumer, admitted)) settled.push(admitted);
      }
      await this.executor.redeliveriesSettled(
        consumer,
        settled.map((d) => d.message),
      );
    } catch (error) {
      // Database down: leave the rest unacknowledged; the broker redelivers them when the channel closes.
      this.logger.error({ err: error, consumer: consumer.name }, 'Could not count redeliveries');
    }
  }

  /** Counts the redeliveries; acknowledges those dead-lettered, returns the others with their attempt. */
  private async admit(consumer: ConsumerRegistration, deliveries: Delivery[]): Promise<Delivery[]> {
    if (deliveries.length === 0) return [];
    const admitted = await this.executor.admitRedeliveries(
      consumer,
      deliveries.map((d) => d.message),
    );
    const handle: Delivery[] = [];
    deliveries.forEach((delivery, i) => {
      const message = admitted[i];
      if (message) handle.push({ ...delivery, message });
      else this.ack(delivery.channel, delivery.msg); // dead-lettered
    });
    return handle;
  }

  /** Returns the deliveries it settled (acknowledged, retried or dead-lettered). */
  private async applyBatch(consumer: ConsumerRegistration, batch: Delivery[]): Promise<Delivery[]> {
    if (batch.length > 1) {
      try {
        await this.executor.executeBatch(
          consumer,
          batch.map((d) => d.message),
        );
        for (const d of batch) this.ack(d.channel, d.msg);
        return batch;
      } catch {
        // fall through: one transaction per message isolates the failing one
      }
    }
    const settled: Delivery[] = [];
    for (const delivery of batch) if (await this.applyOne(consumer, delivery)) settled.push(delivery);
    return settled;
  }

  private ack(channel: ConfirmChannel, msg: ConsumeMessage): void {
    try {
      channel.ack(msg);
    } catch (error) {
      // The channel closed (broker restart): the broker redelivers; the inbox makes that a no-op.
      this.logger.warn({ err: error }, 'Could not acknowledge: channel closed');
    }
  }

  /** Handles one delivery; true once it is settled (acknowledged, retried or dead-lettered). */
  private async applyOne(
    consumer: ConsumerRegistration,
    { channel, msg, message }: Delivery,
  ): Promise<boolean> {
    try {
      await this.executor.execute(consumer, message);
      this.ack(channel, msg);
      return true;
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
        return true;
      } catch (routingError) {
        // Could not schedule the retry nor park the message (broker or database down): leave it
        // unacknowledged; the broker redelivers it when the channel closes. The inbox keeps it once.
        this.logger.error(
          { err: routingError, consumer: consumer.name, messageId: message.messageId },
          'Could not route a failed message',
        );
        return false;
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
