import type { Throttle } from '../../domain/notification-settings';

/** A throttled key is queued this many dispatch intervals of its rate ahead of its workers… */
const AHEAD_INTERVALS = 4;
/** …and never less than this much of its rate. */
const AHEAD_MIN_MS = 2_000;
/** An unthrottled key: at most this many queued and not yet taken by a worker. */
export const AHEAD_UNTHROTTLED = 2_000;

/**
 * How many of a key's messages may wait in its channel queue (queued, not yet taken by a worker): a few
 * seconds of its per-minute rate. The channel queue is one FIFO for every tenant; a key queued further
 * ahead than its workers can send (a whole throttle minute) would keep them on that key while the other
 * tenants wait behind it.
 */
export function queueAhead(limit: Throttle, intervalMs: number): number {
  if (limit.perMinute === null) return AHEAD_UNTHROTTLED;
  const aheadMs = Math.max(AHEAD_MIN_MS, AHEAD_INTERVALS * intervalMs);
  return Math.max(1, Math.ceil((limit.perMinute / 60_000) * aheadMs));
}
