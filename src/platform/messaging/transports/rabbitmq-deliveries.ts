import type { Logger } from '@nestjs/common';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { ConsumerExecutor, ConsumerRegistration } from '../consumer-executor';
import { toInbound, type InboundMessage, type MessageHeaders } from '../messages';

/** The delivery attempt a message carries (1 = first delivery; retries publish it again, counted up). */
export const ATTEMPT_HEADER = 'x-regua-attempt';
/** Most deliveries applied in one transaction, and how many such transactions run at once per consumer. */
const MAX_BATCH = 100;
const MAX_CONCURRENT_BATCHES = 4;

export interface Delivery {
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

/** What the deliveries need from their transport. */
export interface DeliveryHost {
  /** false once the transport stops: deliveries still arriving stay unacknowledged */
  accepting(): boolean;
  /** work the transport waits for when it stops */
  track(work: Promise<unknown>): void;
  /** publishes the delivery to the consumer's retry queue for `delayMs`, confirmed */
  retry(
    channel: ConfirmChannel,
    consumer: ConsumerRegistration,
    delivery: Delivery,
    decision: { delayMs: number; nextAttempt: number },
  ): Promise<void>;
}

/**
 * The consuming side of the RabbitMQ transport: how deliveries are grouped into transactions, how
 * redeliveries are counted, and how each ends (acknowledged, sent to a retry queue or dead-lettered
 * through the executor). The transport owns the connection, the channels and publishing.
 */
export class RabbitDeliveries {
  private readonly queues = new Map<string, ConsumerQueue>();

  constructor(
    private readonly executor: ConsumerExecutor,
    private readonly logger: Logger,
    private readonly host: DeliveryHost,
  ) {}

  /**
   * Deliveries that arrive together are applied in one transaction (one commit for many messages),
   * a few transactions at a time per consumer. A batch that fails is retried message by message, so
   * only a failing message goes through retries.
   */
  onMessage(consumer: ConsumerRegistration, channel: ConfirmChannel, msg: ConsumeMessage): void {
    if (!this.host.accepting()) return; // not acked: the broker redelivers it after the channel closes
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
    while (queue.pending.length > 0 && queue.running < MAX_CONCURRENT_BATCHES && this.host.accepting()) {
      const batch = queue.pending.splice(0, MAX_BATCH);
      queue.running += 1;
      this.host.track(
        this.applyBatch(consumer, batch).finally(() => {
          queue.running -= 1;
          this.dispatch(consumer, queue);
        }),
      );
    }
  }

  /** Redelivered messages, one group at a time per consumer (see applyRedelivered). */
  private drainRedelivered(consumer: ConsumerRegistration, queue: ConsumerQueue): void {
    if (queue.redeliveryRunning || !this.host.accepting() || queue.redelivered.length === 0) return;
    const group = queue.redelivered.splice(0, MAX_BATCH);
    queue.redeliveryRunning = true;
    this.host.track(
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
  private async applyOne(consumer: ConsumerRegistration, delivery: Delivery): Promise<boolean> {
    const { channel, msg, message } = delivery;
    try {
      await this.executor.execute(consumer, message);
      this.ack(channel, msg);
      return true;
    } catch (error) {
      try {
        const decision = await this.executor.onFailure(consumer, message, error);
        if (decision.action === 'retry') await this.host.retry(channel, consumer, delivery, decision);
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
}
