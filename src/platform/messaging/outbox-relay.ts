import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/load-config';
import { sleep } from '../../shared/async/settle-within';
import { describeError } from './consumer-executor';
import type { MessageHeaders, OutboundMessage } from './messages';
import { MessagingMetrics } from './messaging-metrics';
import { publishableInOrder } from './outbox-ordering';
import { MessageTransport } from './transports/message-transport';

interface OutboxRow {
  seq: string;
  message_id: string;
  exchange: string;
  routing_key: string;
  payload: unknown;
  headers: MessageHeaders;
  ordering_key: string | null;
  attempts: number;
}

const MAX_BACKOFF_MS = 60_000;

/**
 * Publishes pending outbox rows. Rows are claimed with FOR UPDATE SKIP LOCKED (several relays may
 * run), published, and marked published in the same transaction only after the transport confirmed.
 * A failed publish leaves the rows pending with a growing delay; per-key order is kept.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: MessageTransport,
    private readonly metrics: MessagingMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.registerLagGauges();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  /** Publishes until nothing is due (tests, CLI, shutdown). Returns how many rows went out. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.round();
      total += n;
      if (n === 0) return total;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.round();
        failures = 0;
        if (published < this.config.OUTBOX_BATCH_SIZE) await this.pause(this.config.OUTBOX_POLL_INTERVAL_MS);
      } catch (error) {
        failures += 1;
        const delay = Math.min(MAX_BACKOFF_MS, this.config.OUTBOX_POLL_INTERVAL_MS * 2 ** failures);
        this.logger.error({ err: error, retryInMs: delay }, 'Outbox relay round failed');
        await this.pause(delay);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      void sleep(ms).then(resolve);
    });
  }

  /** One claim → publish → mark round. Returns the number of rows published. */
  async round(): Promise<number> {
    const published = await this.dataSource.transaction(async (tx) => {
      const claimed = (await tx.query(
        `SELECT seq::text, message_id, exchange, routing_key, payload, headers, ordering_key, attempts
           FROM messaging.outbox
          WHERE published_at IS NULL AND available_at <= now()
          ORDER BY outbox.seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.config.OUTBOX_BATCH_SIZE],
      )) as OutboxRow[];
      if (claimed.length === 0) return [];

      const keys = [...new Set(claimed.map((r) => r.ordering_key).filter((k): k is string => k !== null))];
      const firstPending = new Map<string, string>();
      if (keys.length > 0) {
        const rows = (await tx.query(
          `SELECT ordering_key, min(seq)::text AS seq FROM messaging.outbox
            WHERE published_at IS NULL AND ordering_key = ANY($1) GROUP BY ordering_key`,
          [keys],
        )) as Array<{ ordering_key: string; seq: string }>;
        for (const r of rows) firstPending.set(r.ordering_key, r.seq);
      }
      const ready = publishableInOrder(
        claimed.map((r) => ({ ...r, orderingKey: r.ordering_key })),
        firstPending,
      );
      if (ready.length === 0) return [];

      const messages: OutboundMessage[] = ready.map((r) => ({
        seq: r.seq,
        messageId: r.message_id,
        exchange: r.exchange,
        routingKey: r.routing_key,
        payload: r.payload,
        headers: r.headers,
        orderingKey: r.ordering_key,
      }));
      const seqs = ready.map((r) => r.seq);
      try {
        await this.transport.publish(messages, tx);
      } catch (error) {
        const attempts = Math.max(...ready.map((r) => r.attempts)) + 1;
        const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts);
        await tx.query(
          `UPDATE messaging.outbox SET attempts = attempts + 1, last_error = $2,
                  available_at = now() + $3 * interval '1 millisecond'
            WHERE seq = ANY($1::bigint[])`,
          [seqs, describeError(error).slice(0, 2000), delay],
        );
        this.logger.warn(
          { err: error, rows: seqs.length, retryInMs: delay },
          'Publishing failed; rows stay pending',
        );
        return [];
      }
      await tx.query(`UPDATE messaging.outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
        seqs,
      ]);
      return messages;
    });
    if (published.length > 0) {
      this.transport.published();
      const byExchange = new Map<string, number>();
      for (const m of published) {
        const destination = m.exchange || m.routingKey;
        byExchange.set(destination, (byExchange.get(destination) ?? 0) + 1);
      }
      for (const [destination, n] of byExchange) this.metrics.count(destination, 'published', n);
    }
    return published.length;
  }

  /** Measured when Prometheus scrapes, from the table itself, so every process reports the same. */
  private registerLagGauges(): void {
    const pending = async (column: 'lag' | 'n'): Promise<number> => {
      if (!this.dataSource.isInitialized) return 0;
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS lag
           FROM messaging.outbox WHERE published_at IS NULL`,
      )) as [{ n: number; lag: number }];
      return row[column];
    };
    this.metrics.metrics.gaugeCollected(
      'regua_messaging_outbox_lag_seconds',
      'Age of the oldest unpublished outbox row',
      () => pending('lag'),
    );
    this.metrics.metrics.gaugeCollected('regua_messaging_outbox_pending', 'Unpublished outbox rows', () =>
      pending('n'),
    );
  }
}
