import type { EntityManager } from 'typeorm';
import type {
  ActionOutcome,
  EnforcementActionRecord,
  EnforcementRun,
  PlannedAction,
  RunPhase,
  RunScope,
  RunStatus,
  RunTrigger,
} from '../../domain/enforcement-run';

export interface NewRun {
  id: string;
  tenantId: string;
  trigger: RunTrigger;
  dryRun: boolean;
  forced: boolean;
  scope: RunScope;
  requestedBy: string | null;
}

export interface PlanResult {
  status: RunStatus;
  heldReason: string | null;
  error: string | null;
  pending: number;
}

export interface ActionPage {
  includeNoChange: boolean;
  limit: number;
  offset: number;
  outcome?: ActionOutcome;
}

/**
 * Reconcile runs and their actions. Methods taking `tx` work in the caller's transaction (a plan and
 * its outbox messages, a settle and its events, commit together).
 */
export abstract class EnforcementRunRepository {
  abstract create(run: NewRun): Promise<EnforcementRun>;
  /** Progress while planning; the heartbeat tells a crashed planner from a slow one. */
  abstract progress(
    runId: string,
    phase: RunPhase,
    figures?: { usersListed?: number; accounts?: number },
  ): Promise<void>;
  /** Fails the runs whose planner stopped before saving a plan (heartbeat older than `olderThanMs`). */
  abstract failAbandoned(tenantId: string, olderThanMs: number): Promise<void>;
  /** Saves the decided actions and the run's figures. */
  abstract savePlan(
    tx: EntityManager,
    run: EnforcementRun,
    actions: PlannedAction[],
    result: PlanResult,
  ): Promise<EnforcementRun>;
  /** Lines another run of the tenant is still changing, or changed since this run started. */
  abstract linesInFlight(
    tx: EntityManager,
    run: { id: string; tenantId: string; startedAt: Date },
    magnusUserIds: number[],
  ): Promise<Set<number>>;
  /** Lines with a contract counted by the tenant's latest planned full run; null before the first. */
  abstract baseAccounts(tx: EntityManager, tenantId: string): Promise<number | null>;
  /** Block/disable actions of the tenant's other real runs within the window. */
  abstract recentRestrictions(
    tx: EntityManager,
    run: { id: string; tenantId: string },
    windowMinutes: number,
  ): Promise<number>;
  /** The action the tenant's latest real full run, when held, refused on each of these lines. */
  abstract refusedByHeldRun(
    tx: EntityManager,
    tenantId: string,
    magnusUserIds: number[],
  ): Promise<Map<number, { action: PlannedAction['action']; runId: string }>>;
  abstract fail(runId: string, error: string): Promise<EnforcementRun>;
  /** The action, locked for the caller's transaction. */
  abstract action(
    tx: EntityManager,
    tenantId: string,
    actionId: string,
  ): Promise<EnforcementActionRecord | undefined>;
  /** Records how an action ended; returns the run when this settle finished it. */
  abstract settle(
    tx: EntityManager,
    action: EnforcementActionRecord,
    outcome: ActionOutcome,
    error: string | null,
  ): Promise<EnforcementRun | undefined>;
  abstract markReported(tx: EntityManager, actionIds: string[]): Promise<void>;
  abstract get(tenantId: string, id: string): Promise<EnforcementRun | undefined>;
  /** The run of the tenant still planning, if any. */
  abstract running(tenantId: string): Promise<EnforcementRun | undefined>;
  /** Whether the tenant ever had a run. */
  abstract hasAny(tenantId: string): Promise<boolean>;
  abstract list(
    tenantId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: EnforcementRun[]; total: number }>;
  abstract actions(
    tenantId: string,
    runId: string,
    page: ActionPage,
  ): Promise<{ items: EnforcementActionRecord[]; total: number }>;
  abstract noChangeActions(tx: EntityManager, runId: string): Promise<EnforcementActionRecord[]>;
}
