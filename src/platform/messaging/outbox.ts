import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ExecutionContext } from '../../shared/context/execution-context';
import type { IntegrationEvent } from '../../shared/ddd/domain-event';
import { DIRECT, EVENTS_EXCHANGE, type MessageHeaders } from './messages';

interface Row {
  messageId: string;
  tenantId: string | null;
  exchange: string;
  routingKey: string;
  payload: unknown;
  headers: MessageHeaders;
  orderingKey: string | null;
}

/**
 * The only way to send a message: rows written with the caller's own transaction (`tx`), so the
 * message exists if and only if the state change committed. The relay publishes them afterwards.
 */
@Injectable()
export class Outbox {
  /** Records integration events for every consumer bound to their routing keys. */
  async publish(tx: EntityManager, events: IntegrationEvent[]): Promise<void> {
    await this.insert(tx, events.map(rowOf));
  }

  /**
   * The same rows as {@link publish}, as an `INSERT … SELECT … WHERE <condition>` for a caller that writes
   * its state and its events in one statement (a data-modifying CTE: one round trip, atomic without an
   * explicit transaction). Its parameters are numbered from `$<firstParam>`; `condition` may refer to the
   * caller's other CTEs (`EXISTS (SELECT 1 FROM payment)`).
   */
  insertStatement(
    events: IntegrationEvent[],
    firstParam: number,
    condition = 'true',
  ): { sql: string; values: unknown[] } {
    const { tuples, values } = tuplesOf(events.map(rowOf), firstParam - 1);
    return {
      sql: `INSERT INTO messaging.outbox (${COLUMNS})
            SELECT * FROM (VALUES ${tuples.join(', ')}) AS v(${COLUMNS}) WHERE ${condition}`,
      values,
    };
  }

  /**
   * Events the database builds from rows it reads, for a caller that announces thousands of rows its own
   * transaction just wrote (a sync's notices): no event is built or serialised in JS. `source` is a SELECT
   * yielding `routing_key`, `type` (the event class name, one of `types`), `payload` (jsonb) and
   * `ordering_key`, with parameters `$1…$<values.length>`; the rows of one call are written in no
   * particular order (give each ordering key one event per call). Headers as {@link publish} writes them,
   * with one correlation id for the whole call when the execution context has none. Answers how many
   * events were written.
   */
  async publishSelected(
    tx: EntityManager,
    tenantId: string,
    source: string,
    values: unknown[],
    types: string[],
  ): Promise<number> {
    const occurredAt = new Date().toISOString();
    const correlationId = ExecutionContext.correlationId() ?? ExecutionContext.newId();
    const causationId = ExecutionContext.causationId();
    const headers = Object.fromEntries(
      types.map((type) => [
        type,
        { type, tenantId, correlationId, causationId, occurredAt } satisfies MessageHeaders,
      ]),
    );
    const n = values.length;
    const [row] = (await tx.query(
      `WITH written AS (
         INSERT INTO messaging.outbox (${COLUMNS})
         SELECT gen_random_uuid(), $${n + 1}::uuid, $${n + 2}::text, e.routing_key, e.payload,
                $${n + 3}::jsonb -> e.type, e.ordering_key
           FROM (${source}) AS e
         RETURNING 1)
       SELECT count(*)::int AS n FROM written`,
      [...values, tenantId, EVENTS_EXCHANGE, JSON.stringify(headers)],
    )) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  /** Addresses one message to a single consumer's queue (used to replay dead letters). */
  async sendToConsumer(
    tx: EntityManager,
    consumer: string,
    message: { messageId: string; routingKey: string; payload: unknown; headers: Partial<MessageHeaders> },
  ): Promise<void> {
    const headers: MessageHeaders = {
      type: message.headers.type ?? message.routingKey,
      correlationId: message.headers.correlationId ?? ExecutionContext.correlationId() ?? message.messageId,
      occurredAt: message.headers.occurredAt ?? new Date().toISOString(),
      ...message.headers,
      originalRoutingKey: message.routingKey,
    };
    await this.insert(tx, [
      {
        messageId: message.messageId,
        tenantId: (headers.tenantId as string | undefined) ?? null,
        exchange: DIRECT,
        routingKey: consumer,
        payload: message.payload,
        headers,
        orderingKey: null,
      },
    ]);
  }

  /**
   * All rows travel as one jsonb parameter (an array of column arrays, serialised once by V8): far cheaper
   * for the driver and the planner than seven parameters a row once a batch holds thousands of events.
   * WITH ORDINALITY keeps the batch's order in `seq`.
   */
  private async insert(tx: EntityManager, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    const json = JSON.stringify(
      rows.map((r) => [
        r.messageId,
        r.tenantId,
        r.exchange,
        r.routingKey,
        r.payload,
        r.headers,
        r.orderingKey,
      ]),
    );
    await tx.query(
      `INSERT INTO messaging.outbox (${COLUMNS})
       SELECT (r->>0)::uuid, (r->>1)::uuid, r->>2, r->>3, r->4, r->5, r->>6
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, n) ORDER BY n`,
      [json],
    );
  }
}

const COLUMNS = 'message_id, tenant_id, exchange, routing_key, payload, headers, ordering_key';
/** Column types, for VALUES that are not directly an INSERT's (their parameters are otherwise text). */
const CASTS = ['::uuid', '::uuid', '::text', '::text', '::jsonb', '::jsonb', '::text'];

function rowOf(event: IntegrationEvent): Row {
  return {
    messageId: event.metadata.id,
    tenantId: event.metadata.tenantId,
    exchange: EVENTS_EXCHANGE,
    routingKey: event.routingKey,
    payload: event.payload,
    headers: {
      type: event.constructor.name,
      tenantId: event.metadata.tenantId,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      occurredAt: event.metadata.occurredAt.toISOString(),
    },
    orderingKey: event.orderingKey ?? null,
  };
}

function tuplesOf(rows: Row[], offset: number): { tuples: string[]; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const base = offset + values.length;
    values.push(
      row.messageId,
      row.tenantId,
      row.exchange,
      row.routingKey,
      JSON.stringify(row.payload),
      JSON.stringify(row.headers),
      row.orderingKey,
    );
    return `(${CASTS.map((type, i) => `$${base + i + 1}${type}`).join(', ')})`;
  });
  return { tuples, values };
}
