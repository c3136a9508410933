import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { StaleSchedules, type StaleSchedule } from '../../application/ports/stale-schedules.repository';

@Injectable()
export class TypeormStaleSchedules extends StaleSchedules {
  async requeueQueued(tx: EntityManager, staleAfterMs: number, limit: number): Promise<StaleSchedule[]> {
    const [rows] = (await tx.query(
      `UPDATE notification_flow.schedules s SET status = 'planned', status_reason = 'stale_queued', updated_at = now()
        WHERE s.id IN (SELECT id FROM notification_flow.schedules
                        WHERE status = 'queued' AND updated_at < now() - $1::int * interval '1 millisecond'
                        ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING s.id, s.tenant_id, s.debtor_id, s.channel, s.due_at`,
      [staleAfterMs, limit],
    )) as [StaleSchedule[], number];
    return rows;
  }

  async markSending(tx: EntityManager, staleAfterMs: number, limit: number): Promise<StaleSchedule[]> {
    const [rows] = (await tx.query(
      `UPDATE notification_flow.schedules s SET status_reason = 'stale_sending', updated_at = now()
        WHERE s.id IN (SELECT id FROM notification_flow.schedules
                        WHERE status = 'sending' AND updated_at < now() - $1::int * interval '1 millisecond'
                        ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING s.id, s.tenant_id, s.debtor_id, s.channel, s.due_at`,
      [staleAfterMs, limit],
    )) as [StaleSchedule[], number];
    return rows;
  }

  async recordRetry(tx: EntityManager, rows: StaleSchedule[], error: string): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO notification_flow.contact_history (tenant_id, schedule_id, debtor_id, channel, event, error, detail)
       SELECT t, s, d, c, 'retry', $5, '{"swept": true}'::jsonb
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS u(t, s, d, c)`,
      [
        rows.map((r) => r.tenant_id),
        rows.map((r) => r.id),
        rows.map((r) => r.debtor_id),
        rows.map((r) => r.channel),
        error,
      ],
    );
  }
}
