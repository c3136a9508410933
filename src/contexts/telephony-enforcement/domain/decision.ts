import type { AccountState, EnforcementAction } from './account-state';
import type { EnforcementSettings } from './enforcement-settings';

/** What the decision needs to know about the IXC contract (the GetContractStatuses answer). */
export type ContractFacts =
  | {
      known: true;
      status: string;
      internetStatus: string;
      /** `nao_bloquear_ate`, yyyy-mm-dd, or null */
      doNotBlockUntil: string | null;
      /** `desbloqueio_confianca_ativo`: IXC granted a trust unlock that is running now */
      trustUnlockActive: boolean;
    }
  | { known: false; reason: 'not_found' | 'unavailable' };

/** What the decision needs to know about the Magnus line. */
export interface LineFacts {
  username: string;
  /** Magnus `active`; null when Magnus has it empty (users created through the API) */
  active: number | null;
}

/** Stable reason codes (API, audit trail, Discord); `detail` says which value led there. */
export type DecisionReason =
  | 'allow_listed'
  | 'contract_not_found'
  | 'contract_unavailable'
  | 'contract_status_unmapped'
  | 'line_state_unknown'
  | 'in_step'
  | 'contract_active'
  | 'contract_blocked'
  | 'contract_inactive'
  | 'trust_unlock'
  | 'do_not_block_until'
  | 'already_stricter'
  /** another run's action on this line is still in flight, or settled after this run read Magnus */
  | 'action_in_flight'
  /** the latest full run, held by the safety breaker, refused this very action: a partial run may not apply it */
  | 'held_by_breaker';

export interface Decision {
  action: EnforcementAction;
  from: AccountState | 'unknown';
  to: AccountState | 'unknown';
  /** Magnus `active` now, and the value the action writes (null for NoChange) */
  fromValue: number | null;
  toValue: number | null;
  reason: DecisionReason;
  detail: string;
}

/** Magnus `active` → state; `unknown` for an empty or unexpected value (never guessed). */
export function lineState(active: number | null, settings: EnforcementSettings): AccountState | 'unknown' {
  if (active === 1) return 'active';
  if (active === 0) return 'inactive';
  if (active !== null && settings.blockedValues.includes(active)) return 'blocked';
  return 'unknown';
}

/**
 * IXC contract → desired state. `status_internet` speaks about the service itself, so it is consulted
 * first; the contract `status` decides when the internet status is not mapped (integrations.md §10).
 */
export function desiredState(
  contract: { status: string; internetStatus: string },
  settings: EnforcementSettings,
): { state: AccountState; detail: string } | undefined {
  const byInternet = settings.internetStatusMap[contract.internetStatus];
  if (byInternet) return { state: byInternet, detail: `status_internet=${contract.internetStatus}` };
  const byContract = settings.contractStatusMap[contract.status];
  if (byContract) return { state: byContract, detail: `status=${contract.status}` };
  return undefined;
}

/** current × desired → action; `inactive × blocked` follows `settings.inactiveWhenBlocked`. */
const TRANSITIONS: Record<AccountState, Record<AccountState, EnforcementAction>> = {
  active: { active: 'no_change', blocked: 'block', inactive: 'disable' },
  blocked: { active: 'unblock', blocked: 'no_change', inactive: 'disable' },
  inactive: { active: 'enable', blocked: 'no_change', inactive: 'no_change' },
};

const REASON_BY_STATE: Record<AccountState, DecisionReason> = {
  active: 'contract_active',
  blocked: 'contract_blocked',
  inactive: 'contract_inactive',
};

/**
 * Decides what to do with one Magnus line given its IXC contract. Pure. Unknown is never bad: a
 * contract that could not be read, does not exist or has an unmapped status, and a line whose state
 * is not recognised, all yield NoChange with the reason.
 *
 * @param today the tenant's local date (yyyy-mm-dd), for `nao_bloquear_ate`
 */
export function decide(
  line: LineFacts,
  contract: ContractFacts,
  settings: EnforcementSettings,
  today: string,
): Decision {
  const from = lineState(line.active, settings);
  const keep = (reason: DecisionReason, detail: string, to: Decision['to'] = from): Decision => ({
    action: 'no_change',
    from,
    to,
    fromValue: line.active,
    toValue: null,
    reason,
    detail,
  });

  if (settings.allowList.includes(line.username)) return keep('allow_listed', 'username on the allow-list');
  if (!contract.known) {
    return contract.reason === 'not_found'
      ? keep('contract_not_found', 'IXC has no such contract', 'unknown')
      : keep('contract_unavailable', 'IXC could not be read', 'unknown');
  }
  const desired = desiredState(contract, settings);
  if (!desired) {
    return keep(
      'contract_status_unmapped',
      `status=${contract.status} status_internet=${contract.internetStatus}`,
      'unknown',
    );
  }
  if (from === 'unknown') return keep('line_state_unknown', `active=${String(line.active)}`, desired.state);

  let to = desired.state;
  let reason = REASON_BY_STATE[to];
  let detail = desired.detail;
  // A trust unlock (desbloqueio de confiança) means the ISP chose to keep the customer working for now.
  if (to === 'blocked' && contract.trustUnlockActive) {
    to = 'active';
    reason = 'trust_unlock';
    detail = `${desired.detail}, desbloqueio_confianca active`;
  }

  let action = TRANSITIONS[from][to];
  if (from === 'inactive' && to === 'blocked') {
    if (settings.inactiveWhenBlocked === 'keep') {
      return keep('already_stricter', 'line disabled; contract blocked: left disabled', to);
    }
    action = 'block';
  }
  if (action === 'no_change') return keep('in_step', detail, to);

  if ((action === 'block' || action === 'disable') && contract.doNotBlockUntil !== null) {
    if (contract.doNotBlockUntil >= today) {
      return keep('do_not_block_until', `nao_bloquear_ate=${contract.doNotBlockUntil}`, to);
    }
  }
  return {
    action,
    from,
    to,
    fromValue: line.active,
    toValue: valueFor(to, settings),
    reason,
    detail,
  };
}

function valueFor(state: AccountState, settings: EnforcementSettings): number {
  if (state === 'active') return 1;
  if (state === 'inactive') return 0;
  return settings.blockValue;
}
