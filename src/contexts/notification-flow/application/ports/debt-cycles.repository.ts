import type { EntityManager } from 'typeorm';
import type { ClosedDebt, CloseReason, OpenDebt } from '../../domain/debts';

/** The debtor as planning reads it, locked. */
export interface PlanningDebtor {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  consent: boolean;
  /** `yyyy-mm-dd` */
  birth_date: string | null;
  opted_out_at: Date | null;
  /** `yyyy-mm-dd` */
  cycle_anchor: string | null;
  cycle_flow_id: string | null;
  cycle_flow_version: number | null;
}

/** A debtor's open cycle: the due date anchoring its steps and the flow version it keeps. */
export interface DebtCycle {
  anchor: string;
  flowId: string;
  version: number;
}

/** One schedule planning writes (one per step of the cycle). */
export interface PlannedSchedule {
  id: string;
  stepKey: string;
  stepIndex: number;
  channel: string;
  type: string;
  allDay: boolean;
  plannedAt: Date;
  dueAt: Date;
  status: string;
  reason: string | null;
}

/** A schedule planning actually inserted (a step already planned for the cycle is not). */
export interface InsertedSchedule {
  type: string;
  status: string;
  reason: string | null;
  channel: string;
}

/** The latest schedule of a step of the cycle (the last channel its fallback reached). */
export interface StepSchedule {
  id: string;
  step_key: string;
  status: string;
  status_reason: string | null;
}

/**
 * Debts, debtors and the schedules of their cycles, as the planning commands change them. Every call
 * takes the command's transaction (the consumer's, for a policy: the inbox row commits with it).
 */
export abstract class DebtCycles {
  /** Inserts the debtor or refreshes it (contact data only when the event carried the debtor). */
  abstract upsertDebtor(tx: EntityManager, tenantId: string, debt: OpenDebt): Promise<void>;

  /**
   * Opens (or updates) the debt when the source's version allows it: an open debt takes a version not
   * older than its own; a debt closed for one of `reopenable` only a newer one (versions unknown: a later
   * due date). `changed` false: nothing was written; `previousStatus` null: the debt was not known.
   */
  abstract openDebt(
    tx: EntityManager,
    tenantId: string,
    debt: OpenDebt,
    reopenable: readonly string[],
  ): Promise<{ changed: boolean; previousStatus: string | null }>;

  /**
   * Closes open debts (not for an older version); a debt not known yet is inserted closed. One entry per
   * debt that changed, with `inserted` when it was not known. `debts` holds each debt id once.
   */
  abstract closeDebts(
    tx: EntityManager,
    tenantId: string,
    debts: readonly ClosedDebt[],
    reason: CloseReason,
  ): Promise<Array<{ debtorId: string; inserted: boolean }>>;

  /** Closes the contract's open debts (`contract_cancelled`); the debtors they belonged to. */
  abstract closeContractDebts(tx: EntityManager, tenantId: string, contractId: string): Promise<string[]>;

  abstract hasOpenDebt(tx: EntityManager, tenantId: string, debtorId: string): Promise<boolean>;

  /** Cancels every pending schedule of the debtor with `reason`; the channel of each. */
  abstract cancelPendingSchedules(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reason: string,
  ): Promise<string[]>;

  /** The debtor's cycle ends (anchor and flow cleared). */
  abstract endCycle(tx: EntityManager, tenantId: string, debtorId: string): Promise<void>;

  abstract lockDebtor(tx: EntityManager, tenantId: string, debtorId: string): Promise<PlanningDebtor | null>;

  /** The earliest due date of the debtor's open debts (`yyyy-mm-dd`); null when none is open. */
  abstract oldestOpenDueDate(tx: EntityManager, tenantId: string, debtorId: string): Promise<string | null>;

  abstract startCycle(tx: EntityManager, tenantId: string, debtorId: string, cycle: DebtCycle): Promise<void>;

  /** Open debts of the debtor not on a flow yet join the cycle's flow version. */
  abstract assignCycleFlow(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    cycle: DebtCycle,
  ): Promise<void>;

  /** Inserts the schedules of the cycle whose step has none yet (whatever its channel). */
  abstract insertSchedules(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    cycle: DebtCycle,
    schedules: PlannedSchedule[],
  ): Promise<InsertedSchedule[]>;

  abstract countPending(tx: EntityManager, tenantId: string, debtorId: string): Promise<number>;

  /** The debtor's open cycle; null when none. */
  abstract cycleOf(tx: EntityManager, tenantId: string, debtorId: string): Promise<DebtCycle | null>;

  abstract latestStepSchedules(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    cycle: DebtCycle,
  ): Promise<StepSchedule[]>;

  /** Cancelled schedules planned again at `dueAt`; the message type of each revived one. */
  abstract revive(
    tx: EntityManager,
    tenantId: string,
    schedules: Array<{ id: string; dueAt: Date }>,
  ): Promise<string[]>;
}
