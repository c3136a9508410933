import type { EntityManager } from 'typeorm';

/** A throttle key's counters as the admission reads them (the key row locked). */
export interface ThrottleKeyState {
  /** the key's day counter is for today in the given time zone */
  sameDay: boolean;
  dayCount: number;
  /** slots that count in the sliding window now (settled within it, or in flight) */
  minuteCount: number;
  /** when the oldest counted slot was taken (in-flight ones: now); null when none counts */
  oldest: Date | null;
  /** the next local midnight */
  nextDay: Date;
}

/**
 * `notification_flow.throttle_keys` / `throttle_sends`: per-key day counters and the slots of the sliding
 * window, shared by every worker process. `windowMs`: the sliding window; `staleAfterMs`: how long an
 * in-flight slot counts at most (its send is over by then).
 */
export abstract class ThrottleSlots {
  /** Creates the key if needed and locks it until `tx` ends (serialises admissions per key). */
  abstract lockKey(tx: EntityManager, key: string): Promise<void>;

  /** The locked key's counters (read in a statement after the lock, so it sees the last holder's slots). */
  abstract keyState(
    tx: EntityManager,
    key: string,
    timeZone: string,
    windowMs: number,
    staleAfterMs: number,
  ): Promise<ThrottleKeyState>;

  /** One in-flight slot per schedule, taken now. */
  abstract takeSlots(tx: EntityManager, key: string, scheduleIds: string[]): Promise<void>;

  /** The key's day counter set to `count` for today (tenant time zone). */
  abstract setDayCount(tx: EntityManager, key: string, timeZone: string, count: number): Promise<void>;

  /** The in-flight slots of these schedules count from now for the window. */
  abstract settle(tx: EntityManager, scheduleIds: string[]): Promise<void>;

  /** What counts now without locking: window slots and today's day counter. */
  abstract counts(
    manager: EntityManager,
    key: string,
    timeZone: string,
    windowMs: number,
    staleAfterMs: number,
  ): Promise<{ minuteCount: number; dayCount: number }>;

  /** Drops slots no window counts any more. */
  abstract prune(manager: EntityManager, staleAfterMs: number): Promise<void>;
}
