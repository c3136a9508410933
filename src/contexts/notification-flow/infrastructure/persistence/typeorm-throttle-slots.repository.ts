import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ThrottleSlots, type ThrottleKeyState } from '../../application/ports/throttle-slots.repository';

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

@Injectable()
export class TypeormThrottleSlots extends ThrottleSlots {
  async lockKey(tx: EntityManager, key: string): Promise<void> {
    await tx.query(`INSERT INTO notification_flow.throttle_keys (key) VALUES ($1) ON CONFLICT DO NOTHING`, [
      key,
    ]);
    // Lock first, count in the next statement: a statement that waited for the lock still reads other
    // tables (throttle_sends) as of its own start, missing what the previous holder just committed.
    await tx.query(`SELECT 1 FROM notification_flow.throttle_keys WHERE key = $1 FOR UPDATE`, [key]);
  }

  async keyState(
    tx: EntityManager,
    key: string,
    timeZone: string,
    windowMs: number,
    staleAfterMs: number,
  ): Promise<ThrottleKeyState> {
    const [state] = (await tx.query(
      `SELECT (k.day IS NOT DISTINCT FROM (now() AT TIME ZONE $2)::date) AS same_day, k.day_count,
              ${counted('count(*)::int')} AS minute_count,
              ${counted('min(CASE WHEN s.in_flight THEN clock_timestamp() ELSE s.at END)')} AS oldest,
              ((now() AT TIME ZONE $2)::date + 1)::timestamp AT TIME ZONE $2 AS next_day
         FROM notification_flow.throttle_keys k WHERE k.key = $1`,
      [key, timeZone, windowMs, staleAfterMs],
    )) as Array<{
      same_day: boolean;
      day_count: number;
      minute_count: number;
      oldest: Date | null;
      next_day: Date;
    }>;
    return {
      sameDay: state!.same_day,
      dayCount: state!.day_count,
      minuteCount: state!.minute_count,
      oldest: state!.oldest,
      nextDay: state!.next_day,
    };
  }

  async takeSlots(tx: EntityManager, key: string, scheduleIds: string[]): Promise<void> {
    await tx.query(
      `INSERT INTO notification_flow.throttle_sends (key, at, schedule_id, in_flight)
       SELECT $1, clock_timestamp(), id, true FROM unnest($2::uuid[]) AS id`,
      [key, scheduleIds],
    );
  }

  async setDayCount(tx: EntityManager, key: string, timeZone: string, count: number): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.throttle_keys SET day = (now() AT TIME ZONE $2)::date, day_count = $3 WHERE key = $1`,
      [key, timeZone, count],
    );
  }

  async settle(tx: EntityManager, scheduleIds: string[]): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.throttle_sends SET at = clock_timestamp(), in_flight = false
        WHERE schedule_id = ANY($1::uuid[]) AND in_flight`,
      [scheduleIds],
    );
  }

  async counts(
    manager: EntityManager,
    key: string,
    timeZone: string,
    windowMs: number,
    staleAfterMs: number,
  ): Promise<{ minuteCount: number; dayCount: number }> {
    const [state] = (await manager.query(
      `SELECT ${counted('count(*)::int')} AS minute_count,
              COALESCE((SELECT CASE WHEN k.day = (now() AT TIME ZONE $2)::date THEN k.day_count ELSE 0 END
                          FROM notification_flow.throttle_keys k WHERE k.key = $1), 0) AS day_count`,
      [key, timeZone, windowMs, staleAfterMs],
    )) as Array<{ minute_count: number; day_count: number }>;
    return { minuteCount: state!.minute_count, dayCount: state!.day_count };
  }

  async prune(manager: EntityManager, staleAfterMs: number): Promise<void> {
    await manager.query(
      `DELETE FROM notification_flow.throttle_sends
        WHERE at < clock_timestamp() - interval '5 minutes'
          AND (NOT in_flight OR at < clock_timestamp() - $1::int * interval '1 millisecond')`,
      [staleAfterMs],
    );
  }
}
