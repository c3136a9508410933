import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../../shared/errors/domain-error';
import type { InboundMessage } from './messages';
import { MessagingMetrics } from './messaging-metrics';
import { Outbox } from './outbox';

export interface DeadLetter {
  id: string;
  tenantId: string | null;
  consumer: string;
  messageId: string;
  routingKey: string;
  payload: unknown;
  headers: Record<string, unknown>;
  attempts: number;
  error: string;
  deadLetteredAt: Date;
  replayedAt: Date | null;
}

export class DeadLetterNotFoundError extends DomainError {
  constructor(id: string) {
    super('MESSAGING.DEAD_LETTER_NOT_FOUND', 'not_found', `Dead letter ${id} not found`);
  }
}

export class DeadLetterAlreadyReplayedError extends DomainError {
  constructor(id: string) {
    super('MESSAGING.DEAD_LETTER_ALREADY_REPLAYED', 'conflict', `Dead letter ${id} was already replayed`);
  }
}

const COLUMNS = `id, tenant_id AS "tenantId", consumer, message_id AS "messageId", routing_key AS "routingKey",
  payload, headers, attempts, error, dead_lettered_at AS "deadLetteredAt", replayed_at AS "replayedAt"`;

/** Messages that failed for good: parked in Postgres, listed, and replayed through the outbox. */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly metrics: MessagingMetrics,
  ) {}

  async park(consumer: string, message: InboundMessage, error: string, tx?: EntityManager): Promise<void> {
    await (tx ?? this.dataSource.manager).query(
      `INSERT INTO messaging.dead_letters (tenant_id, consumer, message_id, routing_key, payload, headers, attempts, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        message.tenantId ?? null,
        consumer,
        message.messageId,
        message.routingKey,
        JSON.stringify(message.payload),
        JSON.stringify(message.headers),
        message.attempt,
        error.slice(0, 4000),
      ],
    );
    this.metrics.count(consumer, 'dead_lettered');
  }

  /** `tenantId` undefined = every tenant (operators' CLI); the API always passes the caller's tenant. */
  async list(filter: { tenantId?: string; consumer?: string; limit: number; offset: number }): Promise<{
    items: DeadLetter[];
    total: number;
  }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.tenantId !== undefined) where.push(`tenant_id = $${params.push(filter.tenantId)}`);
    if (filter.consumer) where.push(`consumer = $${params.push(filter.consumer)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM messaging.dead_letters ${clause}`,
      params,
    )) as [{ total: number }];
    const items = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM messaging.dead_letters ${clause}
       ORDER BY dead_lettered_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    )) as DeadLetter[];
    return { items, total };
  }

  async get(id: string, tenantId?: string): Promise<DeadLetter> {
    const params: unknown[] = [id];
    const tenantClause = tenantId !== undefined ? `AND tenant_id = $${params.push(tenantId)}` : '';
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM messaging.dead_letters WHERE id = $1 ${tenantClause}`,
      params,
    )) as DeadLetter[];
    const row = rows[0];
    if (!row) throw new DeadLetterNotFoundError(id);
    return row;
  }

  /**
   * Sends the message again to the consumer that gave up on it (only that one), through the outbox,
   * with the same message id: the consumer's inbox still guarantees it is applied once.
   */
  async replay(id: string, tenantId?: string): Promise<DeadLetter> {
    await this.get(id, tenantId);
    return this.dataSource.transaction(async (tx: EntityManager) => {
      const rows = (await tx.query(
        `UPDATE messaging.dead_letters SET replayed_at = now() WHERE id = $1 AND replayed_at IS NULL
         RETURNING ${COLUMNS}`,
        [id],
      )) as [DeadLetter[], number];
      const letter = rows[0][0];
      if (!letter) throw new DeadLetterAlreadyReplayedError(id);
      await this.outbox.sendToConsumer(tx, letter.consumer, {
        messageId: letter.messageId,
        routingKey: letter.routingKey,
        payload: letter.payload,
        headers: { ...letter.headers, replayOf: letter.id },
      });
      this.metrics.count(letter.consumer, 'replayed');
      return letter;
    });
  }
}
