import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { settleWithin, sleep } from '../../../shared/async/settle-within';
import { ConsumerExecutor, type ConsumerRegistration } from '../consumer-executor';
import { DIRECT, toInbound, type MessageHeaders, type OutboundMessage } from '../messages';
import { topicMatches } from '../topic-match';
import { MessageTransport } from './message-transport';

interface DeliveryRow {
  id: string;
  message_id: string;
  routing_key: string;
  payload: unknown;
  headers: MessageHeaders;
  attempt: number;
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
   * A consumer with its own transactions: the delivery is leased (hidden for a while) in a committed
   * transaction, handled, then removed; a process that dies mid-way leaves it to reappear after the lease.
   */
  private async deliverLeased(consumer: ConsumerRegistration): Promise<boolean> {
    const [claimed] = (await this.dataSource.query(
      `UPDATE messaging.local_deliveries SET available_at = now() + interval '5 minutes'
        WHERE id = (SELECT id FROM messaging.local_deliveries
                     WHERE consumer = $1 AND available_at <= now() ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id::text, message_id, routing_key, payload, headers, attempt`,
      [consumer.name],
    )) as [DeliveryRow[], number];
    const row = claimed?.[0];
    if (!row) return false;
    try {
      await this.executor.execute(consumer, this.inbound(row));
      await this.dataSource.query(`DELETE FROM messaging.local_deliveries WHERE id = $1`, [row.id]);
    } catch (error) {
      await this.afterFailure(consumer, row, error);
    }
    return true;
  }

  /** Claims one due delivery and applies it in the same transaction. False when nothing is due. */
  private async deliverNext(consumer: ConsumerRegistration): Promise<boolean> {
    if (consumer.ownTransactions) return this.deliverLeased(consumer);
    let claimed: DeliveryRow | undefined;
    try {
      const result = await this.dataSource.transaction(async (tx) => {
        const rows = (await tx.query(
          `SELECT id::text, message_id, routing_key, payload, headers, attempt FROM messaging.local_deliveries
            WHERE consumer = $1 AND available_at <= now() ORDER BY local_deliveries.id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [consumer.name],
        )) as DeliveryRow[];
        claimed = rows[0];
        if (!claimed) return undefined;
        const outcome = await this.executor.applyIn(tx, consumer, this.inbound(claimed));
        await tx.query(`DELETE FROM messaging.local_deliveries WHERE id = $1`, [claimed.id]);
        return outcome;
      });
      if (result) this.executor.recordOutcomes(consumer, [result]);
    } catch (error) {
      if (!claimed) throw error;
      await this.afterFailure(consumer, claimed, error);
    }
    return claimed !== undefined;
  }

  /** Reschedules the delivery, or parks it as a dead letter and removes it, in one transaction. */
  private async afterFailure(
    consumer: ConsumerRegistration,
    row: DeliveryRow,
    error: unknown,
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const decision = await this.executor.onFailure(consumer, this.inbound(row), error, tx);
      if (decision.action === 'retry') {
        await tx.query(
          `UPDATE messaging.local_deliveries SET attempt = $2, available_at = now() + $3 * interval '1 millisecond'
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
