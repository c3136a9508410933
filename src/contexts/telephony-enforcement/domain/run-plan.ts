import type { DecisionReason } from './decision';
import type { EnforcementSettings } from './enforcement-settings';
import type { PlannedAction, RunStatus } from './enforcement-run';
import { evaluateBreaker } from './safety-breaker';

/** What the planner read about the tenant's other runs, in the transaction that saves this plan. */
export interface PlanFacts {
  /** lines another run is still changing, or changed after this run read Magnus */
  busy: ReadonlySet<number>;
  /** for a partial, unforced run: what the tenant's held latest full run refused on each line */
  refused: ReadonlyMap<number, { action: PlannedAction['action']; runId: string }>;
  /** lines with a contract in this run */
  accounts: number;
  /** for a partial run: the lines counted by the latest full run (null before the first one) */
  baseAccounts: number | null;
  /** block/disable actions of the tenant's other runs within the breaker's window */
  recentRestrictions: number;
}

export interface PlanVerdict {
  status: RunStatus;
  heldReason: string | null;
  pending: number;
}

/**
 * Concludes a run's plan: a change another run is still making, or (partial runs) one the held full run
 * refused, becomes NoChange; then the safety breaker (never for a forced run) holds the run or lets
 * its changes be queued. Sets each action's outcome in place and says how the run stands.
 */
export function concludePlan(
  actions: PlannedAction[],
  run: { partial: boolean; forced: boolean },
  facts: PlanFacts,
  breaker: EnforcementSettings['breaker'],
): PlanVerdict {
  // Two runs must not both change one line: leave alone what another run is still applying.
  for (const a of actions) {
    if (a.action === 'no_change' || !facts.busy.has(a.magnusUserId)) continue;
    leaveAlone(a, 'action_in_flight', `${a.action} left to the run already changing this line`);
  }
  // While the latest full run stands held, a partial run (the fast path above all) does not apply what
  // it refused: a bad ERP day must not drain through rechecks. Forcing lifts this.
  if (run.partial && !run.forced) {
    for (const a of actions) {
      const held = facts.refused.get(a.magnusUserId);
      if (a.action === 'no_change' || held?.action !== a.action) continue;
      leaveAlone(
        a,
        'held_by_breaker',
        `${a.action} refused by the held run ${held.runId}; force a run to apply it`,
      );
    }
  }
  const verdict = run.forced
    ? ({ trips: false } as const)
    : evaluateBreaker(
        {
          actions: actions.map((a) => a.action),
          // A partial run sees only a few lines: the share is of the whole base.
          accounts: run.partial ? Math.max(facts.baseAccounts ?? 0, facts.accounts) : facts.accounts,
          recentRestrictions: facts.recentRestrictions,
        },
        breaker,
      );
  const actionable = actions.filter((a) => a.action !== 'no_change');
  for (const a of actionable) a.outcome = verdict.trips ? 'held' : 'pending';
  return {
    status: verdict.trips ? 'held' : actionable.length === 0 ? 'completed' : 'running',
    heldReason: verdict.trips ? verdict.reason : null,
    pending: verdict.trips ? 0 : actionable.length,
  };
}

/** Turns a decided change into NoChange, saying why. */
function leaveAlone(action: PlannedAction, reason: DecisionReason, detail: string): void {
  Object.assign(action, { action: 'no_change', to: action.from, toValue: null, reason, detail });
}
