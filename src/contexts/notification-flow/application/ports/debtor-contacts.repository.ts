import type { EntityManager } from 'typeorm';

/** What a debtor command reads of the debtor, locked. */
export interface DebtorLock {
  opted_out_at: Date | null;
  snoozed_until: Date | null;
}

/** A schedule a debtor command touched. */
export interface TouchedSchedule {
  id: string;
  channel: string;
}

/** One contact-history line a debtor command writes. */
export interface DebtorHistoryEntry {
  tenantId: string;
  debtorId: string;
  scheduleId: string | null;
  channel: string;
  event: string;
  detail: Record<string, unknown>;
}

/**
 * A debtor's contactability (opt-out, snooze) and their pending schedules, as the operators' debtor
 * commands change them. Every call takes the command's transaction.
 */
export abstract class DebtorContacts {
  /** The debtor row, locked; null when the tenant has no such debtor. */
  abstract lock(tx: EntityManager, tenantId: string, debtorId: string): Promise<DebtorLock | null>;

  /** Every pending schedule (planned, deferred, queued) cancelled with `reason`. */
  abstract cancelPending(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reason: string,
  ): Promise<TouchedSchedule[]>;

  abstract setSnooze(tx: EntityManager, tenantId: string, debtorId: string, until: Date): Promise<void>;

  /** Pending schedules due before `until` deferred to it (reason `snooze`); those already there untouched. */
  abstract deferPendingUntil(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    until: Date,
  ): Promise<TouchedSchedule[]>;

  /** Opted out now, with `reason`; the debtor as it is afterwards. */
  abstract optOut(tx: EntityManager, tenantId: string, debtorId: string, reason: string): Promise<DebtorLock>;

  abstract clearOptOut(tx: EntityManager, tenantId: string, debtorId: string): Promise<void>;

  abstract insertHistory(tx: EntityManager, entry: DebtorHistoryEntry): Promise<void>;
}
