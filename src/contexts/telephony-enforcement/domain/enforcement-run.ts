import type { EnforcementAction } from './account-state';
import type { Decision } from './decision';

export type RunTrigger = 'schedule' | 'api' | 'event' | 'cli';
/**
 * `completed`: every action settled and none failed; `completed_with_errors`: some failed, others went
 * through; `failed`: the run could not plan, or none of its actions went through (every one failed);
 * `held`: the safety breaker stopped it before anything was applied.
 */
export type RunStatus = 'running' | 'completed' | 'completed_with_errors' | 'held' | 'failed';
/** listing Magnus → reading IXC → deciding → applying (messages in flight) → done */
export type RunPhase = 'listing' | 'reading_contracts' | 'deciding' | 'applying' | 'done';
/**
 * `none`: NoChange; `pending`: queued for Magnus; `held`: the breaker stopped the run; the others are
 * how applying ended (see SettledOutcome).
 */
export type ActionOutcome =
  'none' | 'pending' | 'held' | 'applied' | 'already_applied' | 'dry_run' | 'skipped' | 'failed';

export interface RunScope {
  usernames?: string[];
  contractIds?: string[];
}

export interface EnforcementRun {
  id: string;
  tenantId: string;
  trigger: RunTrigger;
  dryRun: boolean;
  forced: boolean;
  scope: RunScope;
  status: RunStatus;
  phase: RunPhase;
  usersListed: number;
  accounts: number;
  counts: Record<EnforcementAction, number>;
  /** actions decided to change a line (not NoChange), whatever became of them */
  planned: number;
  pending: number;
  /** written to Magnus, or found already at the target value (real runs only) */
  applied: number;
  /** dry runs only: would have been written */
  simulated: number;
  failed: number;
  /** not written: the line changed since planning, enforcement was paused, or (dry run) nothing to write */
  skipped: number;
  heldReason: string | null;
  error: string | null;
  requestedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** One decided action, as planned (before it is applied). */
export interface PlannedAction extends Decision {
  id: string;
  seq: number;
  magnusUserId: number;
  username: string;
  company: string;
  contractId: string | null;
  outcome: ActionOutcome;
}

export interface EnforcementActionRecord extends PlannedAction {
  runId: string;
  error: string | null;
  attempts: number;
  appliedAt: Date | null;
  reportedAt: Date | null;
}

export const durationMs = (run: Pick<EnforcementRun, 'startedAt' | 'finishedAt'>): number =>
  (run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime();
