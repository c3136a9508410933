import type { AccountState } from './account-state';

/**
 * A tenant's enforcement rules. Defaults reproduce the replaced tool (integrations.md §10) except where
 * it was unsafe or undefined; every field can be changed per tenant through the settings API.
 */
export interface EnforcementSettings {
  /** IXC `status_internet` → desired state; consulted first. */
  internetStatusMap: Record<string, AccountState>;
  /** IXC contract `status` → desired state; consulted when `status_internet` is not mapped. */
  contractStatusMap: Record<string, AccountState>;
  /** Magnus `active` values that count as blocked (2 pending, 3 blocked in, 4 blocked in+out). */
  blockedValues: number[];
  /** The `active` value Block writes: 3 refuses inbound calls, 4 inbound and outbound. */
  blockValue: number;
  /**
   * A disabled line (0) whose contract says "blocked": `keep` leaves it disabled (already stricter —
   * a disabled SIP peer cannot even register), `block` writes blockValue. The replaced tool threw here.
   */
  inactiveWhenBlocked: 'keep' | 'block';
  /** Usernames never touched, whatever IXC says (test lines, the ISP's own numbers). */
  allowList: string[];
  /**
   * Safety breaker: a run is held, not applied, when its Block + Disable actions exceed `maxCount`, or when
   * they and those of the tenant's other runs in the last `windowMinutes` exceed `maxShare` of its lines.
   */
  breaker: { maxShare: number; maxCount: number; windowMinutes: number };
  /** Post NoChange decisions to Discord too (noisy; off by default). */
  reportNoChange: boolean;
}

/** A change to some settings; the breaker may be changed one limit at a time. */
export type EnforcementSettingsPatch = Partial<Omit<EnforcementSettings, 'breaker'>> & {
  breaker?: Partial<EnforcementSettings['breaker']>;
};

export const DEFAULT_ENFORCEMENT_SETTINGS: EnforcementSettings = {
  internetStatusMap: {
    A: 'active',
    CA: 'blocked',
    CM: 'blocked',
    FA: 'blocked',
    AA: 'blocked',
    D: 'inactive',
  },
  contractStatusMap: { A: 'active', P: 'active', N: 'blocked', I: 'inactive', D: 'inactive' },
  blockedValues: [2, 3, 4],
  blockValue: 4,
  inactiveWhenBlocked: 'keep',
  allowList: [],
  breaker: { maxShare: 0.1, maxCount: 1000, windowMinutes: 60 },
  reportNoChange: false,
};

const STATES = new Set<string>(['active', 'blocked', 'inactive']);
const MAGNUS_ACTIVE_VALUES = [0, 1, 2, 3, 4];

/**
 * Merges a partial update into settings and checks the result as a whole; returns the problems
 * (empty when valid) so the API can answer 422 with all of them at once.
 */
export function mergeEnforcementSettings(
  current: EnforcementSettings,
  patch: EnforcementSettingsPatch,
): { settings: EnforcementSettings; problems: string[] } {
  const settings: EnforcementSettings = {
    ...current,
    ...patch,
    // A limit left out of the patch (present but undefined, as a parsed request body has it) is kept.
    breaker: { ...current.breaker, ...definedOnly(patch.breaker ?? {}) },
  };
  const problems: string[] = [];
  for (const [name, map] of [
    ['internetStatusMap', settings.internetStatusMap],
    ['contractStatusMap', settings.contractStatusMap],
  ] as const) {
    for (const [status, state] of Object.entries(map)) {
      if (!/^[A-Z]{1,3}$/.test(status)) problems.push(`${name}: "${status}" is not an IXC status code`);
      if (!STATES.has(state)) problems.push(`${name}.${status} must be active, blocked or inactive`);
    }
  }
  const blocked = settings.blockedValues;
  if (blocked.length === 0 || blocked.some((v) => !MAGNUS_ACTIVE_VALUES.includes(v) || v === 0 || v === 1)) {
    problems.push('blockedValues must be a non-empty subset of 2, 3, 4');
  }
  if (!blocked.includes(settings.blockValue)) {
    problems.push(
      'blockValue must be one of blockedValues (otherwise a blocked line would not look blocked)',
    );
  }
  if (settings.inactiveWhenBlocked !== 'keep' && settings.inactiveWhenBlocked !== 'block') {
    problems.push('inactiveWhenBlocked must be keep or block');
  }
  if (settings.allowList.some((u) => typeof u !== 'string' || u.trim() === '' || u.length > 64)) {
    problems.push('allowList must hold usernames (1 to 64 characters)');
  }
  const { maxShare, maxCount } = settings.breaker;
  if (!(maxShare > 0 && maxShare <= 1)) problems.push('breaker.maxShare must be above 0 and at most 1');
  if (!Number.isInteger(maxCount) || maxCount < 0) problems.push('breaker.maxCount must be an integer ≥ 0');
  const { windowMinutes } = settings.breaker;
  if (!Number.isInteger(windowMinutes) || windowMinutes < 1 || windowMinutes > 10_080) {
    problems.push('breaker.windowMinutes must be an integer from 1 to 10080 (a week)');
  }
  return { settings, problems };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
