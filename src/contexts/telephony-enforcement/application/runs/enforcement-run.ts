import type { EnforcementAction } from '../../domain/account-state';
import type { Decision } from '../../domain/decision';

export type RunTrigger = 'schedule' | 'api' | 'event' | 'cli';
export type RunStatus = 'running' | 'completed' | 'held' | 'failed';
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
  pending: number;
  applied: number;
  failed: number;
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
