import type { ContactHistoryEntry } from '../../contracts/get-contact-history.query';
import type { Channel, ScheduleStatus } from '../../domain/cadence';
import type { DebtorRecord, DebtRecord, HistoryRecord, ScheduleRecord } from './operator-views';

export interface ScheduleFilter {
  status?: ScheduleStatus;
  debtorId?: string;
  channel?: Channel;
  /** due_at ≥ from */
  from?: Date;
  /** due_at < to */
  to?: Date;
  limit: number;
  offset: number;
}

/** Counted from the contact history; skipped (and missed) schedules are counted from the schedules. */
export const STAT_EVENTS = ['sent', 'failed', 'deferred', 'unknown'] as const;

export type StatOutcome = (typeof STAT_EVENTS)[number] | 'skipped' | 'missed';

/** One count of the stats: outcomes of a channel on a local day. */
export interface StatCount {
  day: string;
  channel: string;
  event: StatOutcome;
  n: number;
}

/** Read side of the operators' API (schedules, debtors, history, stats), always scoped to one tenant. */
export abstract class OperatorReadModel {
  abstract schedules(
    tenantId: string,
    filter: ScheduleFilter,
  ): Promise<{ items: ScheduleRecord[]; total: number }>;

  /** Null when the tenant has no such schedule. */
  abstract schedule(tenantId: string, id: string): Promise<ScheduleRecord | null>;

  /** Null when the tenant has no such debtor. */
  abstract debtor(
    tenantId: string,
    id: string,
  ): Promise<{ debtor: DebtorRecord; openDebts: DebtRecord[]; pendingSchedules: ScheduleRecord[] } | null>;

  abstract debtorExists(tenantId: string, id: string): Promise<boolean>;

  /** The debtor's contact history, newest first. */
  abstract history(
    tenantId: string,
    debtorId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: HistoryRecord[]; total: number }>;

  /**
   * What happened to the debtor's messages, newest first: the contact history's events and the schedules
   * skipped with their reason (those never reach the history), at most `limit`, and the total.
   */
  abstract contactHistory(
    tenantId: string,
    debtorId: string,
    limit: number,
  ): Promise<{ items: ContactHistoryEntry[]; total: number }>;

  /** Outcome counts per local day (in `timeZone`) and channel, for `[from, to)`. */
  abstract statCounts(
    tenantId: string,
    range: { from: Date; to: Date },
    timeZone: string,
  ): Promise<StatCount[]>;

  /** Schedules pending now (planned, deferred, queued, sending), per status. */
  abstract pendingCounts(tenantId: string): Promise<Array<{ status: string; n: number }>>;
}
