import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  MessagingBacklog,
  type DeadLetterCounts,
  type OutboxBacklog,
} from '../../application/ports/messaging-backlog';

@Injectable()
export class TypeormMessagingBacklog extends MessagingBacklog {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async outbox(tenantId: string): Promise<OutboxBacklog> {
    // Served by outbox_pending_idx: only unpublished rows are read.
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS pending, min(created_at) AS oldest,
              count(*) FILTER (WHERE last_error IS NOT NULL)::int AS failing
         FROM messaging.outbox WHERE published_at IS NULL AND tenant_id = $1`,
      [tenantId],
    )) as Array<{ pending: number; oldest: Date | null; failing: number }>;
    return { pending: row?.pending ?? 0, oldestPendingAt: row?.oldest ?? null, failing: row?.failing ?? 0 };
  }

  async deadLetters(tenantId: string): Promise<DeadLetterCounts> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE replayed_at IS NULL)::int AS waiting,
              count(*) FILTER (WHERE replayed_at IS NOT NULL)::int AS replayed
         FROM messaging.dead_letters WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ waiting: number; replayed: number }>;
    return { waiting: row?.waiting ?? 0, replayed: row?.replayed ?? 0 };
  }
}
