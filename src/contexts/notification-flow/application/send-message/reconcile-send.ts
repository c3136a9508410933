import type { ChannelSender } from '../ports/channel-providers';
import { describeError, type SendResult, type Work } from './sending-batch';

/**
 * A delivery that found the mark `sending` (the process died mid-send) never sends blindly: it asks the
 * provider (lookup by schedule id). Found → sent. Not found → wait for the provider while the mark is
 * younger than `reconcileAfterMs` (unless forced by a replay), then planned again. A provider that
 * cannot be asked → `unknown`, for operators.
 */
export async function reconcileSend(
  w: Work,
  sender: ChannelSender,
  reconcileAfterMs: number,
): Promise<SendResult> {
  if (!sender.lookup)
    return { kind: 'unknown', reason: `${sender.provider} cannot be asked whether it was sent` };
  try {
    const found = await sender.lookup(w.row.tenant_id, w.row.id);
    if (found) return { kind: 'sent', sent: found, latencyMs: 0, reconciled: true };
  } catch (error) {
    return { kind: 'retry', reason: `lookup failed: ${describeError(error)}` };
  }
  if (!w.force && (w.row.sending_age_ms ?? 0) < reconcileAfterMs)
    return { kind: 'retry', reason: 'not found at the provider yet' };
  return { kind: 'requeue', reason: 'not_at_provider' };
}
