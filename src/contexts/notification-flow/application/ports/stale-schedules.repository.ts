import type { EntityManager } from 'typeorm';
import type { Channel } from '../../domain/cadence';

/** A schedule the sweep moved. */
export interface StaleSchedule {
  id: string;
  tenant_id: string;
  debtor_id: string;
  channel: Channel;
  due_at: Date;
}

/** Schedules stuck in `queued` or `sending`, as the stale sweep finds and moves them (`SKIP LOCKED`). */
export abstract class StaleSchedules {
  /** Up to `limit` schedules `queued` for longer than `staleAfterMs` back to `planned` (`stale_queued`). */
  abstract requeueQueued(tx: EntityManager, staleAfterMs: number, limit: number): Promise<StaleSchedule[]>;

  /** Up to `limit` schedules `sending` for longer than `staleAfterMs` marked `stale_sending` (fresh again). */
  abstract markSending(tx: EntityManager, staleAfterMs: number, limit: number): Promise<StaleSchedule[]>;

  /** One `retry` history line per swept schedule. */
  abstract recordRetry(tx: EntityManager, rows: StaleSchedule[], error: string): Promise<void>;
}
