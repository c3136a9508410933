import { RESTRICTING_ACTIONS, type EnforcementAction } from './account-state';
import type { EnforcementSettings } from './enforcement-settings';

export type BreakerVerdict = { trips: false } | { trips: true; reason: string };

/** What the breaker weighs: this run's decisions against the tenant's base and its recent restrictions. */
export interface BreakerInput {
  actions: readonly EnforcementAction[];
  /** the tenant's lines with a contract: this run's own count for a full run, the latest full run's otherwise */
  accounts: number;
  /** block/disable actions of other runs applied or still in flight within the breaker's window */
  recentRestrictions: number;
}

/**
 * The safety breaker: a run that would cut service to too many lines is held for a human. A bad IXC day
 * (a mass status change, a wrong mapping) must not silence a whole customer base — neither in one full
 * run nor as many small fast-path runs, so the share limit counts what the tenant's runs restricted over
 * a sliding window, not only what this run would do. The absolute limit is per run.
 */
export function evaluateBreaker(
  input: BreakerInput,
  breaker: EnforcementSettings['breaker'],
): BreakerVerdict {
  const restricting = input.actions.filter((a) => RESTRICTING_ACTIONS.has(a)).length;
  if (restricting > breaker.maxCount) {
    return {
      trips: true,
      reason: `${restricting} block/disable actions exceed the limit of ${breaker.maxCount} per run`,
    };
  }
  // A run that restricts nothing is never held, whatever happened before it.
  if (restricting === 0) return { trips: false };
  const total = restricting + input.recentRestrictions;
  const allowed = Math.floor(input.accounts * breaker.maxShare);
  if (total > allowed) {
    const share = input.accounts > 0 ? ((total / input.accounts) * 100).toFixed(1) : '100';
    const recent =
      input.recentRestrictions > 0
        ? ` (with ${input.recentRestrictions} applied in the last ${breaker.windowMinutes} min)`
        : '';
    return {
      trips: true,
      reason:
        `${total} block/disable actions${recent} are ${share}% of ${input.accounts} accounts ` +
        `(limit ${breaker.maxShare * 100}%)`,
    };
  }
  return { trips: false };
}
