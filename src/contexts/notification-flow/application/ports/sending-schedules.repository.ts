import type { EntityManager } from 'typeorm';
import type { Channel, MessageType } from '../../domain/cadence';

/** One line of a debtor's contact history (what happened to one attempt of one schedule). */
export interface HistoryRow {
  tenantId: string;
  scheduleId: string;
  debtorId: string;
  attempt: number;
  channel: string;
  event: string;
  provider: string | null;
  providerMessageId: string | null;
  error: string | null;
  latencyMs: number | null;
  detail: Record<string, unknown>;
}

export interface SendRequest {
  tenantId: string;
  scheduleId: string;
  attempt: number;
  /** an operator replayed the dead-lettered message: a `failed`/`unknown` schedule is tried again */
  replay?: boolean;
}

/** A claimed schedule and its debtor, as the claim reads them. */
export interface ScheduleRow {
  id: string;
  tenant_id: string;
  debtor_id: string;
  /** null for a billing campaign's contact (then `campaign_id` and `contact_id` are set) */
  flow_id: string | null;
  flow_version: number | null;
  campaign_id?: string | null;
  contact_id?: string | null;
  step_key: string;
  channel: Channel;
  fallback_index: number;
  type: MessageType;
  anchor_date: string;
  due_at: Date;
  queued_at: Date | null;
  sending_at: Date | null;
  status: string;
  attempts: number;
  name: string;
  document: string | null;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  consent: boolean;
  birth_date: string | null;
  opted_out_at: Date | null;
  snoozed_until: Date | null;
  open_debts: number;
  sending_age_ms: number | null;
}

export interface DebtRow {
  id: string;
  /** the announcing context (`ixc`, `clinic`, …): chooses the default templates' wording */
  source: string;
  /** who the debt is owed to when it is not the tenant itself (a clinic's name), else null */
  creditor_name: string | null;
  description: string;
  due_date: string;
  amount_cents: string;
  open_cents: string;
  contract_id: string | null;
}

/** A schedule's status as the settle step finds it, locked. */
export interface LockedSchedule {
  id: string;
  status: string;
  attempts: number;
}

/** A debtor's open debt, with whose it is. */
export type OpenDebtRow = DebtRow & { tenant_id: string; debtor_id: string };

/**
 * The schedules, debtors and contact history as sending a message reads and writes them. Every write
 * takes the caller's transaction: claim and settle are one transaction each.
 */
export abstract class SendingSchedules {
  /** The batch's schedules with their debtor (and open-debt count), locked in id order. */
  abstract lockForClaim(tx: EntityManager, requests: SendRequest[]): Promise<ScheduleRow[]>;

  /** A replayed `unknown` schedule marked `sending` again, to reconcile. */
  abstract markReplayed(tx: EntityManager, id: string): Promise<void>;

  /**
   * Sets status, reason and (when given) due time. `settling`: only a row still `sending` (locked and
   * checked by the settle step).
   */
  abstract setStatus(
    tx: EntityManager,
    id: string,
    status: string,
    reason: string | null,
    dueAt: Date | null,
    settling?: boolean,
  ): Promise<void>;

  /** Back to `planned` (reason `throttled`) until the throttle has room. */
  abstract holdThrottled(tx: EntityManager, ids: string[], until: Date): Promise<void>;

  /** Marked `sending` to their recipient, the attempt counted. */
  abstract markSending(tx: EntityManager, admitted: Array<{ id: string; to: string }>): Promise<void>;

  /** A new schedule on `channel`, due now, after `fromId`'s; false when it exists already. */
  abstract planFallback(
    tx: EntityManager,
    fromId: string,
    channel: Channel,
    reason: string,
  ): Promise<boolean>;

  /** The open debts of these debtors, oldest first. */
  abstract openDebts(debtors: Array<{ tenantId: string; debtorId: string }>): Promise<OpenDebtRow[]>;

  /** The batch's rows locked for settling, in id order. */
  abstract lockForSettle(tx: EntityManager, ids: string[]): Promise<LockedSchedule[]>;

  /** The channel (not the message) is unavailable: deferred, the attempt given back. Only while `sending`. */
  abstract deferUnavailable(tx: EntityManager, id: string, reason: string, until: Date): Promise<void>;

  /** Settled `sent` (only rows still `sending`); `reconciled` ones say so in their reason. */
  abstract markSent(
    tx: EntityManager,
    sent: Array<{ id: string; reconciled: boolean; provider: string; providerMessageId: string | null }>,
  ): Promise<void>;

  /** The debtors were contacted now. */
  abstract touchLastContact(
    tx: EntityManager,
    debtors: Array<[tenantId: string, debtorId: string]>,
  ): Promise<void>;

  abstract insertHistory(tx: EntityManager, rows: HistoryRow[]): Promise<void>;
}
