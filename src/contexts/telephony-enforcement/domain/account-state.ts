/** Where a VoIP line stands, in Régua's words. Magnus `active` values and IXC statuses map onto these. */
export const ACCOUNT_STATES = ['active', 'blocked', 'inactive'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** The five outcomes of comparing a line with its contract (seed 001). */
export const ENFORCEMENT_ACTIONS = ['no_change', 'block', 'unblock', 'disable', 'enable'] as const;
export type EnforcementAction = (typeof ENFORCEMENT_ACTIONS)[number];

/** Actions that cut service: the ones the safety breaker counts and `nao_bloquear_ate` suppresses. */
export const RESTRICTING_ACTIONS: ReadonlySet<EnforcementAction> = new Set(['block', 'disable']);

export function emptyActionCounts(): Record<EnforcementAction, number> {
  return { no_change: 0, block: 0, unblock: 0, disable: 0, enable: 0 };
}
