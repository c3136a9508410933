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

  /** Counts one more redelivery and returns how many there have been since the message was last published. */
  async record(consumer: string, messageId: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO messaging.redeliveries AS r (consumer, message_id) VALUES ($1, $2)
       ON CONFLICT (consumer, message_id) DO UPDATE SET count = r.count + 1, last_at = now()
       RETURNING count`,
      [consumer, messageId],
    )) as Array<{ count: number }>;
    return Number(row?.count ?? 1);
  }

  /** The message was settled (acknowledged, retried with its attempt in the header, or dead-lettered). */
  async forget(consumer: string, messageId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM messaging.redeliveries WHERE consumer = $1 AND message_id = $2`,
      [consumer, messageId],
    );
  }
}
