import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/load-config';
import { sleep } from '../../shared/async/settle-within';
import { describeError } from './consumer-executor';
import type { MessageHeaders, OutboundMessage } from './messages';
import { MessagingMetrics } from './messaging-metrics';
import { splitByOrdering } from './outbox-ordering';
import { MessageTransport } from './transports/message-transport';

interface OutboxRow {
  seq: string;
  message_id: string;
  exchange: string;
  routing_key: string;
  payload_json: string;
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
  private loops: Array<Promise<void>> = [];
  private readonly wakeUps = new Set<() => void>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: MessageTransport,
    private readonly metrics: MessagingMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.registerLagGauges();
  }

  /** Several loops overlap claiming with waiting for confirms; SKIP LOCKED keeps them apart. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.config.OUTBOX_RELAY_CONCURRENCY }, () => this.run());
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const wake of this.wakeUps) wake();
    await Promise.all(this.loops);
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
      const wake = () => {
        this.wakeUps.delete(wake);
        resolve();
      };
      this.wakeUps.add(wake);
      void sleep(ms).then(wake);
    });
  }

  /**
   * One round: claim due rows and mark them published in one statement (FOR UPDATE SKIP LOCKED keeps
   * relays apart), publish, and commit only once the transport confirmed. If publishing fails the
   * transaction rolls back — the rows are pending again — and they are retried after a growing delay.
   */
  async round(): Promise<number> {
    let failure: { seqs: string[]; attempts: number; error: unknown } | undefined;
    let published: OutboundMessage[] = [];
    try {
      published = await this.dataSource.transaction(async (tx) => {
        const claimed = (await tx.query(
          `UPDATE messaging.outbox o SET published_at = now()
            WHERE o.seq IN (SELECT seq FROM messaging.outbox
                             WHERE published_at IS NULL AND available_at <= now()
                             ORDER BY outbox.seq LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING o.seq::text AS seq, o.message_id, o.exchange, o.routing_key, o.payload::text AS payload_json,
                     o.headers, o.ordering_key, o.attempts`,
          [this.config.OUTBOX_BATCH_SIZE],
        )) as [OutboxRow[], number];
        const rows = claimed[0];
        if (rows.length === 0) return [];

        const { ready, held } = splitByOrdering(
          rows.map((r) => ({ ...r, orderingKey: r.ordering_key })),
          await this.firstPendingOutsideBatch(tx, rows),
        );
        if (held.length > 0) {
          await tx.query(`UPDATE messaging.outbox SET published_at = NULL WHERE seq = ANY($1::bigint[])`, [
            held.map((r) => r.seq),
          ]);
        }
        const messages: OutboundMessage[] = ready.map((r) => ({
          seq: r.seq,
          messageId: r.message_id,
          exchange: r.exchange,
          routingKey: r.routing_key,
          payloadJson: r.payload_json,
          headers: r.headers,
          orderingKey: r.ordering_key,
        }));
        try {
          await this.transport.publish(messages, tx);
        } catch (error) {
          failure = {
            seqs: messages.map((m) => m.seq),
            attempts: Math.max(...ready.map((r) => r.attempts)) + 1,
            error,
          };
          throw error;
        }
        return messages;
      });
    } catch (error) {
      if (!failure) throw error;
      await this.postpone(failure);
      return 0;
    }
    if (published.length > 0) this.afterPublish(published);
    return published.length;
  }

  /** Earliest pending row of each ordering key that is not in this batch (visible as still unpublished). */
  private async firstPendingOutsideBatch(tx: EntityManager, rows: OutboxRow[]): Promise<Map<string, string>> {
    const keys = [...new Set(rows.map((r) => r.ordering_key).filter((k): k is string => k !== null))];
    const first = new Map<string, string>();
    if (keys.length === 0) return first;
    const found = (await tx.query(
      `SELECT ordering_key, min(seq)::text AS seq FROM messaging.outbox
        WHERE published_at IS NULL AND ordering_key = ANY($1) GROUP BY ordering_key`,
      [keys],
    )) as Array<{ ordering_key: string; seq: string }>;
    for (const r of found) first.set(r.ordering_key, r.seq);
    return first;
  }

  private async postpone(failure: { seqs: string[]; attempts: number; error: unknown }): Promise<void> {
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** failure.attempts);
    await this.dataSource.query(
      `UPDATE messaging.outbox SET attempts = attempts + 1, last_error = $2,
              available_at = now() + $3 * interval '1 millisecond'
        WHERE seq = ANY($1::bigint[]) AND published_at IS NULL`,
      [failure.seqs, describeError(failure.error).slice(0, 2000), delay],
    );
    this.logger.warn(
      { err: failure.error, rows: failure.seqs.length, retryInMs: delay },
      'Publishing failed; rows stay pending',
    );
  }

  private afterPublish(published: OutboundMessage[]): void {
    this.transport.published();
    const byDestination = new Map<string, number>();
    for (const m of published) {
      const destination = m.exchange || m.routingKey;
      byDestination.set(destination, (byDestination.get(destination) ?? 0) + 1);
    }
    for (const [destination, n] of byDestination) this.metrics.count(destination, 'published', n);
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
