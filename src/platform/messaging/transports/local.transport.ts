import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { settleWithin, sleep } from '../../../shared/async/settle-within';
import { ConsumerExecutor, type ConsumerRegistration, type ConsumerTopology } from '../consumer-executor';
import {
  DIRECT,
  toInbound,
  type InboundMessage,
  type MessageHeaders,
  type OutboundMessage,
} from '../messages';
import { topicMatches } from '../topic-match';
import { MessageTransport, type QueueDepth } from './message-transport';

interface DeliveryRow {
  id: string;
  message_id: string;
  routing_key: string;
  payload: unknown;
  headers: MessageHeaders;
  attempt: number;
  /** Claims since the row was written or rescheduled: more than one means a claim never settled. */
  deliveries: number;
}

/**
 * In-process transport (no AMQP_URL): the relay fans messages out into `messaging.local_deliveries`
 * inside its own transaction, and each consumer claims its rows. Same semantics as RabbitMQ —
 * asynchronous delivery, retries with growing delays, dead letters — and nothing is lost in a crash.
 * All consumers must run in this process (ROLE=all).
 */
@Injectable()
export class LocalTransport extends MessageTransport {
  readonly kind = 'in-process' as const;
  private readonly logger = new Logger('LocalTransport');
  private readonly consumers = new Map<string, ConsumerRegistration>();
  private readonly loops = new Set<Promise<void>>();
  private readonly wake = new EventEmitter();
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly executor: ConsumerExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    this.wake.setMaxListeners(0);
  }

  async start(): Promise<void> {
    this.running = true;
  }

  isConnected(): boolean {
    return true;
  }

  async publish(messages: OutboundMessage[], tx: EntityManager): Promise<void> {
    const rows: unknown[][] = [];
    for (const message of messages) {
      for (const consumer of this.targets(message)) {
        rows.push([
          consumer,
          message.messageId,
          message.routingKey,
          message.payloadJson,
          JSON.stringify(message.headers),
        ]);
      }
    }
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const values = chunk.flat();
      const tuples = chunk.map(
        (_, r) => `($${r * 5 + 1}, $${r * 5 + 2}, $${r * 5 + 3}, $${r * 5 + 4}, $${r * 5 + 5})`,
      );
      await tx.query(
        `INSERT INTO messaging.local_deliveries (consumer, message_id, routing_key, payload, headers) VALUES ${tuples.join(', ')}`,
        values,
      );
    }
  }

  async queueDepths(consumers: ConsumerTopology[]): Promise<QueueDepth[]> {
    const rows = (await this.dataSource.query(
      `SELECT consumer, count(*) FILTER (WHERE available_at <= now())::int AS ready,
              count(*) FILTER (WHERE available_at > now())::int AS delayed
         FROM messaging.local_deliveries GROUP BY consumer`,
    )) as Array<{ consumer: string; ready: number; delayed: number }>;
    const byName = new Map(rows.map((row) => [row.consumer, row]));
    return consumers.map(({ name }) => ({
      name,
      ready: byName.get(name)?.ready ?? 0,
      delayed: byName.get(name)?.delayed ?? 0,
      consumers: this.consumers.has(name) ? 1 : 0,
    }));
  }

  override published(): void {
    this.wake.emit('work');
  }

  /** Like a topic exchange: every consumer whose patterns match; a direct message goes to one queue. */
  private targets(message: OutboundMessage): string[] {
    if (message.exchange === DIRECT) return [message.routingKey];
    return [...this.consumers.values()]
      .filter((c) => c.routingKeys.some((pattern) => topicMatches(pattern, message.routingKey)))
      .map((c) => c.name);
  }

  async subscribe(consumer: ConsumerRegistration): Promise<void> {
    this.consumers.set(consumer.name, consumer);
    const loop = this.consume(consumer);
    this.loops.add(loop);
    void loop.finally(() => this.loops.delete(loop));
  }

  async stop(timeoutMs: number): Promise<void> {
    this.running = false;
    this.wake.emit('work');
    await settleWithin(this.loops, timeoutMs);
  }

  private async consume(consumer: ConsumerRegistration): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const handled = await this.deliverNext(consumer);
        failures = 0;
        if (!handled) await this.idle();
      } catch (error) {
        failures += 1;
        this.logger.error(
          { err: error, consumer: consumer.name },
          'In-process delivery loop error; backing off',
        );
        await sleep(Math.min(30_000, this.config.OUTBOX_POLL_INTERVAL_MS * 2 ** failures));
      }
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.off('work', done);
        resolve();
      };
      const timer = setTimeout(done, this.config.OUTBOX_POLL_INTERVAL_MS);
      this.wake.once('work', done);
    });
  }

  /**
   * Claims the next due delivery and counts the claim in a committed statement, so a delivery whose
   * handler killed the process is seen as redelivered next time. A consumer with its own transactions
   * also gets a lease (the row is hidden for a while): it handles the message outside a transaction.
   */
  private async claim(consumer: ConsumerRegistration): Promise<DeliveryRow | undefined> {
    const lease = consumer.ownTransactions ? `, available_at = now() + interval '5 minutes'` : '';
    const [claimed] = (await this.dataSource.query(
      `UPDATE messaging.local_deliveries SET deliveries = deliveries + 1 ${lease}
        WHERE id = (SELECT id FROM messaging.local_deliveries
                     WHERE consumer = $1 AND available_at <= now() ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id::text, message_id, routing_key, payload, headers, attempt, deliveries`,
      [consumer.name],
    )) as [DeliveryRow[], number];
    return claimed?.[0];
  }

  /** The message to handle, its attempt counting earlier claims that never settled; null once dead-lettered. */
  private async admit(consumer: ConsumerRegistration, row: DeliveryRow): Promise<InboundMessage | null> {
    const message = this.inbound(row);
    if (row.deliveries <= 1) return message;
    return this.dataSource.transaction(async (tx) => {
      const admitted = await this.executor.admitAfterRedeliveries(consumer, message, row.deliveries - 1, tx);
      if (!admitted) await tx.query(`DELETE FROM messaging.local_deliveries WHERE id = $1`, [row.id]);
      return admitted;
    });
  }

  /** Handles one due delivery. False when nothing is due. */
  private async deliverNext(consumer: ConsumerRegistration): Promise<boolean> {
    const row = await this.claim(consumer);
    if (!row) return false;
    const message = await this.admit(consumer, row);
    if (!message) return true;
    try {
      if (consumer.ownTransactions) {
        await this.executor.execute(consumer, message);
        await this.dataSource.query(`DELETE FROM messaging.local_deliveries WHERE id = $1`, [row.id]);
        return true;
      }
      const result = await this.dataSource.transaction(async (tx) => {
        // Locked while it is applied: another process of the same consumers cannot apply it twice.
        const locked = (await tx.query(
          `SELECT id FROM messaging.local_deliveries WHERE id = $1 FOR UPDATE SKIP LOCKED`,
          [row.id],
        )) as unknown[];
        if (locked.length === 0) return undefined;
        const outcome = await this.executor.applyIn(tx, consumer, message);
        await tx.query(`DELETE FROM messaging.local_deliveries WHERE id = $1`, [row.id]);
        return outcome;
      });
      if (result) this.executor.recordOutcomes(consumer, [result]);
    } catch (error) {
      await this.afterFailure(consumer, row, message, error);
    }
    return true;
  }

  /** Reschedules the delivery, or parks it as a dead letter and removes it, in one transaction. */
  private async afterFailure(
    consumer: ConsumerRegistration,
    row: DeliveryRow,
    message: InboundMessage,
    error: unknown,
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const decision = await this.executor.onFailure(consumer, message, error, tx);
      if (decision.action === 'retry') {
        await tx.query(
          `UPDATE messaging.local_deliveries
              SET attempt = $2, deliveries = 0, available_at = now() + $3 * interval '1 millisecond'
            WHERE id = $1`,
          [row.id, decision.nextAttempt, decision.delayMs],
        );
      } else {
        await tx.query(`DELETE FROM messaging.local_deliveries WHERE id = $1`, [row.id]);
      }
    });
  }

  private inbound(row: DeliveryRow) {
    return toInbound(row.message_id, row.routing_key, row.payload, row.headers, row.attempt);
  }
}
