import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import type { Channel } from '../../domain/cadence';
import type { Throttle } from '../settings/notification-settings';

/**
 * The sliding window, counted from the moment each send was settled (the provider had answered by then),
 * plus a second of slack for the provider's clock: every 60-second window at the provider stays within
 * the limit whatever the provider's latency.
 */
const WINDOW_MS = 61_000;

export interface Grant {
  granted: number;
  /** when the next slot frees, if fewer than asked were granted */
  retryAt: Date | null;
}

/** `tenant:channel` (WhatsApp adds the sender instance: each number has its own limit). */
export function throttleKey(tenantId: string, channel: Channel, instance?: string | null): string {
  return channel === 'whatsapp' && instance ? `${tenantId}:${channel}:${instance}` : `${tenantId}:${channel}`;
}

/**
 * The slots that count now, as a subquery over `notification_flow.throttle_sends s` for key `$1`: settled
 * within the window (`$3` ms), or in flight (up to the stale age `$4`: its send is over by then). Two
 * branches, so each one is a range scan of its own index.
 */
const counted = (select: string) => `(
  SELECT ${select} FROM (
    SELECT s.at, false AS in_flight FROM notification_flow.throttle_sends s
     WHERE s.key = $1 AND s.at > clock_timestamp() - $3::int * interval '1 millisecond' AND NOT s.in_flight
    UNION ALL
    SELECT s.at, true FROM notification_flow.throttle_sends s
     WHERE s.key = $1 AND s.at > clock_timestamp() - $4::int * interval '1 millisecond' AND s.in_flight
  ) s)`;

/**
 * Per-minute (sliding) and per-day (tenant's local day) throttles stored in Postgres, so every worker
 * process shares them. A key's row is locked while admitting, which serialises admissions per key.
 * Each admitted send holds one slot, tied to its schedule, from admission until {@link settle}; the
 * slot then counts for the window from that moment, not from the admission.
 */
@Injectable()
export class Throttles {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Admits up to `scheduleIds.length` sends now, in the caller's transaction (commit = admitted), the
   * first ones first. Unlimited keys admit everything without touching the tables.
   */
  async acquire(
    tx: EntityManager,
    key: string,
    scheduleIds: string[],
    limit: Throttle,
    timeZone: string,
  ): Promise<Grant> {
    const wanted = scheduleIds.length;
    if (wanted <= 0) return { granted: 0, retryAt: null };
    if (limit.perMinute === null && limit.perDay === null) return { granted: wanted, retryAt: null };
    await tx.query(`INSERT INTO notification_flow.throttle_keys (key) VALUES ($1) ON CONFLICT DO NOTHING`, [
      key,
    ]);
    // Lock first, count in the next statement: a statement that waited for the lock still reads other
    // tables (throttle_sends) as of its own start, missing what the previous holder just committed.
    await tx.query(`SELECT 1 FROM notification_flow.throttle_keys WHERE key = $1 FOR UPDATE`, [key]);
    const [state] = (await tx.query(
      `SELECT (k.day IS NOT DISTINCT FROM (now() AT TIME ZONE $2)::date) AS same_day, k.day_count,
              ${counted('count(*)::int')} AS minute_count,
              ${counted('min(CASE WHEN s.in_flight THEN clock_timestamp() ELSE s.at END)')} AS oldest,
              ((now() AT TIME ZONE $2)::date + 1)::timestamp AT TIME ZONE $2 AS next_day
         FROM notification_flow.throttle_keys k WHERE k.key = $1`,
      [key, timeZone, WINDOW_MS, this.config.NOTIFY_STALE_AFTER_MS],
    )) as Array<{
      same_day: boolean;
      day_count: number;
      minute_count: number;
      oldest: Date | null;
      next_day: Date;
    }>;
    const dayCount = state!.same_day ? state!.day_count : 0;
    const minuteRoom = limit.perMinute === null ? wanted : Math.max(0, limit.perMinute - state!.minute_count);
    const dayRoom = limit.perDay === null ? wanted : Math.max(0, limit.perDay - dayCount);
    const granted = Math.min(wanted, minuteRoom, dayRoom);
    if (granted > 0) {
      if (limit.perMinute !== null) {
        await tx.query(
          `INSERT INTO notification_flow.throttle_sends (key, at, schedule_id, in_flight)
           SELECT $1, clock_timestamp(), id, true FROM unnest($2::uuid[]) AS id`,
          [key, scheduleIds.slice(0, granted)],
        );
      }
      await tx.query(
        `UPDATE notification_flow.throttle_keys SET day = (now() AT TIME ZONE $2)::date, day_count = $3 WHERE key = $1`,
        [key, timeZone, dayCount + granted],
      );
    }
    if (granted === wanted) return { granted, retryAt: null };
    const retryAt =
      dayRoom <= granted && limit.perDay !== null
        ? state!.next_day
        : new Date((state!.oldest ?? new Date()).getTime() + WINDOW_MS + 50);
    return { granted, retryAt };
  }

  /**
   * The sends of these schedules are over (answered, failed, or given up on): their slots count from
   * now for the window. Called in the transaction that settles them.
   */
  async settle(tx: EntityManager, scheduleIds: string[]): Promise<void> {
    if (scheduleIds.length === 0) return;
    await tx.query(
      `UPDATE notification_flow.throttle_sends SET at = clock_timestamp(), in_flight = false
        WHERE schedule_id = ANY($1::uuid[]) AND in_flight`,
      [scheduleIds],
    );
  }

  /** Room left right now (no admission): what the dispatcher may queue for this key. */
  async room(manager: EntityManager, key: string, limit: Throttle, timeZone: string): Promise<number> {
    if (limit.perMinute === null && limit.perDay === null) return Number.MAX_SAFE_INTEGER;
    const [state] = (await manager.query(
      `SELECT ${counted('count(*)::int')} AS minute_count,
              COALESCE((SELECT CASE WHEN k.day = (now() AT TIME ZONE $2)::date THEN k.day_count ELSE 0 END
                          FROM notification_flow.throttle_keys k WHERE k.key = $1), 0) AS day_count`,
      [key, timeZone, WINDOW_MS, this.config.NOTIFY_STALE_AFTER_MS],
    )) as Array<{ minute_count: number; day_count: number }>;
    const minute = limit.perMinute === null ? Number.MAX_SAFE_INTEGER : limit.perMinute - state!.minute_count;
    const day = limit.perDay === null ? Number.MAX_SAFE_INTEGER : limit.perDay - state!.day_count;
    return Math.max(0, Math.min(minute, day));
  }

  /** Drops slots that no window counts any more (called by the dispatcher now and then). */
  async prune(manager: EntityManager): Promise<void> {
    await manager.query(
      `DELETE FROM notification_flow.throttle_sends
        WHERE at < clock_timestamp() - interval '5 minutes'
          AND (NOT in_flight OR at < clock_timestamp() - $1::int * interval '1 millisecond')`,
      [this.config.NOTIFY_STALE_AFTER_MS],
    );
  }
}
