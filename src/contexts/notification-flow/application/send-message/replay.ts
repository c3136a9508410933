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
 * and reconciled first (re-planned, with every check, when the provider has no record).
 */
export function reconcilesFirst(row: ScheduleRow, sender: ChannelSender | null | undefined): boolean {
  return row.status === 'unknown' && sender?.lookup !== undefined;
}
