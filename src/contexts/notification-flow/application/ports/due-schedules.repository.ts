import type { EntityManager } from 'typeorm';
import type { Channel } from '../../domain/cadence';

/** A due schedule and its debtor, as the dispatcher claims them. */
export interface DueRow {
  id: string;
  tenant_id: string;
  debtor_id: string;
  /** null for a billing campaign's contact */
  flow_id: string | null;
  flow_version: number | null;
  step_key: string;
  channel: Channel;
  type: string;
  all_day: boolean;
  due_at: Date;
  opted_out_at: Date | null;
  snoozed_until: Date | null;
  last_contact_at: Date | null;
  consent: boolean;
  birth_date: string | null;
  open_debts: number;
}

/** A contact-history line the dispatcher writes for a schedule it stopped or deferred. */
export interface DispatchHistoryEntry {
  row: DueRow;
  event: string;
  reason: string;
}

/** A tenant's channel that has schedules due. */
export interface DueKey {
  tenantId: string;
  channel: Channel;
}

/** How many of a tenant channel's due schedules to claim. */
export interface DueClaim extends DueKey {
  limit: number;
}

/** The schedules as the dispatcher claims and settles them. Every call takes the pass's transaction. */
export abstract class DueSchedules {
  /** The tenant channels with at least one schedule due (planned/deferred, due by `now`). */
  abstract dueKeys(tx: EntityManager, now: Date): Promise<DueKey[]>;

  /**
   * Up to each claim's `limit` of that tenant channel's due schedules, oldest first, with their debtor,
   * `SKIP LOCKED` (another scheduler's rows are left to it).
   */
  abstract claimDue(tx: EntityManager, now: Date, claims: DueClaim[]): Promise<DueRow[]>;

  /** Sets status, reason and (when given) due time; `queued` also stamps `queued_at`. */
  abstract setOutcome(
    tx: EntityManager,
    ids: string[],
    status: string,
    reason: string | null,
    dueAt: Date | null,
  ): Promise<void>;

  abstract insertHistory(tx: EntityManager, entries: DispatchHistoryEntry[]): Promise<void>;

  /**
   * Every due schedule of the tenant's channel pushed to `until` (reason `throttled`). Returns how many
   * were held anew (a row already held stays one hold).
   */
  abstract holdThrottled(tx: EntityManager, tenantId: string, channel: Channel, until: Date): Promise<number>;

  /** Queued, not yet admitted by a worker, and touched within `staleAfterMs`: up to `atMost` counted. */
  abstract inFlight(
    tx: EntityManager,
    tenantId: string,
    channel: Channel,
    staleAfterMs: number,
    atMost: number,
  ): Promise<number>;
}
