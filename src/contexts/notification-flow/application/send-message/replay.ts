import type { EntityManager } from 'typeorm';
import type { ChannelSender } from '../ports/channel-providers';
import type { SendRequest } from './send-message.command';
import type { ScheduleRow } from './sending-batch';

/**
 * A dead letter an operator sent again (DeadLetters.replay) means "try again": a `failed` or `unknown`
 * schedule is claimed anew. Any other delivery of a settled schedule is a duplicate, a no-op.
 */
export function isReplayed(row: ScheduleRow, request: SendRequest): boolean {
  return request.replay === true && (row.status === 'failed' || row.status === 'unknown');
}

/**
 * A replayed `unknown` may have gone out: when the provider can be asked, it is marked `sending` again
 * and reconciled first (re-planned, with every check, when the provider has no record). Returns whether
 * it was taken that way.
 */
export async function reconcileReplayedUnknown(
  tx: EntityManager,
  row: ScheduleRow,
  sender: ChannelSender | null | undefined,
): Promise<boolean> {
  if (row.status !== 'unknown' || !sender?.lookup) return false;
  await tx.query(
    `UPDATE notification_flow.schedules SET status = 'sending', status_reason = 'replayed', updated_at = now()
      WHERE id = $1`,
    [row.id],
  );
  return true;
}
