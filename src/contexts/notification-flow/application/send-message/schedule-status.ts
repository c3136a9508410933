import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Channel } from '../../domain/cadence';
import type { ScheduleRow } from './sending-batch';

const logger = new Logger('NotificationWorker');

export async function setStatus(
  tx: EntityManager,
  id: string,
  status: string,
  reason: string | null,
  dueAt: Date | null,
  /** settling a send: only a row still `sending` (locked and checked by the settle step) */
  settling = false,
): Promise<void> {
  await tx.query(
    `UPDATE notification_flow.schedules SET status = $2, status_reason = $3, due_at = COALESCE($4, due_at), updated_at = now()
      WHERE id = $1 AND ($5::boolean IS FALSE OR status = 'sending')`,
    [id, status, reason, dueAt, settling],
  );
}

/** Every permanent failure of a channel, once, with its reason (the schedule moves on to a fallback). */
export function logPermanent(
  row: ScheduleRow,
  channel: Channel,
  provider: string | null,
  code: string,
  reason: string,
): void {
  // Providers quote the recipient's number; logs keep only its first digits.
  const masked = reason.replace(/\d{8,}/g, (digits) => `${digits.slice(0, 4)}…`);
  logger.warn(
    { scheduleId: row.id, tenantId: row.tenant_id, channel, provider, code },
    `Permanent ${channel} failure (${code}): ${masked}`,
  );
}
