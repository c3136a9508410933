import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * How many times the broker handed a message to a consumer again without it having been acknowledged
 * (its process died or lost its channel mid-way). The broker's own `redelivered` flag says only
 * "at least once": this count survives the crash, because it is committed before the handler runs.
 */
@Injectable()
export class Redeliveries {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts one more redelivery of each message; returns, per id, how many since it was last published. */
  async record(consumer: string, messageIds: string[]): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(
      `INSERT INTO messaging.redeliveries AS r (consumer, message_id) SELECT $1, unnest($2::text[])
       ON CONFLICT (consumer, message_id) DO UPDATE SET count = r.count + 1, last_at = now()
       RETURNING message_id, count`,
      [consumer, [...new Set(messageIds)]],
    )) as Array<{ message_id: string; count: number }>;
    return new Map(rows.map((r) => [r.message_id, Number(r.count)]));
  }

  /** The ids among these already redelivered at least once and still unsettled. */
  async seenBefore(consumer: string, messageIds: string[]): Promise<Set<string>> {
    const rows = (await this.dataSource.query(
      `SELECT message_id FROM messaging.redeliveries WHERE consumer = $1 AND message_id = ANY($2::text[])`,
      [consumer, messageIds],
    )) as Array<{ message_id: string }>;
    return new Set(rows.map((r) => r.message_id));
  }

  /** The messages were settled (acknowledged, retried with their attempt in the header, or dead-lettered). */
  async forget(consumer: string, messageIds: string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.dataSource.query(
      `DELETE FROM messaging.redeliveries WHERE consumer = $1 AND message_id = ANY($2::text[])`,
      [consumer, messageIds],
    );
  }
}
