import { RESTRICTING_ACTIONS, type EnforcementAction } from './account-state';
import type { EnforcementSettings } from './enforcement-settings';

export type BreakerVerdict = { trips: false } | { trips: true; reason: string };

/**
 * The safety breaker: a run that would cut service to too many lines at once is held for a human.
 * A bad IXC day (a mass status change, a wrong mapping) must not silence a whole customer base.
 *
 * The share limit applies to full runs only: a run scoped to a few users (a username list, the fast
 * path of one contract) would trip it with a single block. The absolute limit applies to every run.
 */
export function evaluateBreaker(
  actions: readonly EnforcementAction[],
  accounts: number,
  scope: 'full' | 'partial',
  breaker: EnforcementSettings['breaker'],
): BreakerVerdict {
  const restricting = actions.filter((a) => RESTRICTING_ACTIONS.has(a)).length;
  if (restricting > breaker.maxCount) {
    return {
      trips: true,
      reason: `${restricting} block/disable actions exceed the limit of ${breaker.maxCount} per run`,
    };
  }
  const allowed = Math.floor(accounts * breaker.maxShare);
  if (scope === 'full' && accounts > 0 && restricting > allowed) {
    const share = ((restricting / accounts) * 100).toFixed(1);
    return {
      trips: true,
      reason: `${restricting} block/disable actions are ${share}% of ${accounts} accounts (limit ${breaker.maxShare * 100}%)`,
    };
  }
  return { trips: false };
}
