import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import type { Channel } from '../../domain/cadence';
import type { Throttle } from '../../domain/notification-settings';
import { ThrottleSlots } from '../ports/throttle-slots.repository';

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
 * Per-minute (sliding) and per-day (tenant's local day) throttles stored in Postgres, so every worker
 * process shares them. A key's row is locked while admitting, which serialises admissions per key.
 * Each admitted send holds one slot, tied to its schedule, from admission until {@link settle}; the
 * slot then counts for the window from that moment, not from the admission.
 */
@Injectable()
export class Throttles {
  constructor(
    private readonly slots: ThrottleSlots,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
    await this.slots.lockKey(tx, key);
    const state = await this.slots.keyState(tx, key, timeZone, WINDOW_MS, this.config.NOTIFY_STALE_AFTER_MS);
    const dayCount = state.sameDay ? state.dayCount : 0;
    const minuteRoom = limit.perMinute === null ? wanted : Math.max(0, limit.perMinute - state.minuteCount);
    const dayRoom = limit.perDay === null ? wanted : Math.max(0, limit.perDay - dayCount);
    const granted = Math.min(wanted, minuteRoom, dayRoom);
    if (granted > 0) {
      if (limit.perMinute !== null) await this.slots.takeSlots(tx, key, scheduleIds.slice(0, granted));
      await this.slots.setDayCount(tx, key, timeZone, dayCount + granted);
    }
    if (granted === wanted) return { granted, retryAt: null };
    const retryAt =
      dayRoom <= granted && limit.perDay !== null
        ? state.nextDay
        : new Date((state.oldest ?? new Date()).getTime() + WINDOW_MS + 50);
    return { granted, retryAt };
  }

  /**
   * The sends of these schedules are over (answered, failed, or given up on): their slots count from
   * now for the window. Called in the transaction that settles them.
   */
  async settle(tx: EntityManager, scheduleIds: string[]): Promise<void> {
    if (scheduleIds.length === 0) return;
    await this.slots.settle(tx, scheduleIds);
  }

  /** Room left right now (no admission): what the dispatcher may queue for this key. */
  async room(manager: EntityManager, key: string, limit: Throttle, timeZone: string): Promise<number> {
    if (limit.perMinute === null && limit.perDay === null) return Number.MAX_SAFE_INTEGER;
    const state = await this.slots.counts(
      manager,
      key,
      timeZone,
      WINDOW_MS,
      this.config.NOTIFY_STALE_AFTER_MS,
    );
    const minute = limit.perMinute === null ? Number.MAX_SAFE_INTEGER : limit.perMinute - state.minuteCount;
    const day = limit.perDay === null ? Number.MAX_SAFE_INTEGER : limit.perDay - state.dayCount;
    return Math.max(0, Math.min(minute, day));
  }

  /** Drops slots that no window counts any more (called by the dispatcher now and then). */
  async prune(manager: EntityManager): Promise<void> {
    await this.slots.prune(manager, this.config.NOTIFY_STALE_AFTER_MS);
  }
}
