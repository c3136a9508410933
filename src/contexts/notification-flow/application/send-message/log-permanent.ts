import { Logger } from '@nestjs/common';
import type { Channel } from '../../domain/cadence';
import type { ScheduleRow } from './sending-batch';

const logger = new Logger('NotificationWorker');

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
