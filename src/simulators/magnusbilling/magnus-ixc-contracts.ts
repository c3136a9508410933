import type { IxcSettings } from '../ixc';
import { createIxcState } from '../ixc/ixc-state';

/** What the ISP's back office means a Magnus user to be, given its IXC contract (integrations.md §10). */
export type ContractState = 'active' | 'inactive' | 'blocked';

/** The agreed mapping: `status_internet` first, then the contract `status`. */
export function contractState(status: string, statusInternet: string): ContractState {
  if (['CA', 'CM', 'FA', 'AA'].includes(statusInternet)) return 'blocked';
  if (statusInternet === 'D') return 'inactive';
  if (statusInternet === 'A') return 'active';
  return status === 'P' || status === 'A' ? 'active' : 'inactive';
}

const STATES: readonly ContractState[] = ['active', 'inactive', 'blocked'];

/**
 * The state of each seeded IXC contract (index = id - 1), built from the IXC simulator's own seeding
 * with the host seed, exactly as the IXC simulator of the same host builds it. Receivables only
 * fill `pago_ate_data`, never a status, so they are skipped to keep 25,000 contracts cheap; the last
 * answer is memoised because every control reset would otherwise rebuild it.
 */
export function ixcContractStates(seed: number, ixc: IxcSettings): Uint8Array {
  const key = `${seed}:${ixc.customers}:${ixc.contracts}:${ixc.today ?? ''}`;
  if (memo?.key === key) return memo.states;
  const contracts = createIxcState(seed, { ...ixc, receivables: 0 }).tables.cliente_contrato;
  const status = contracts.column('status')!;
  const internet = contracts.column('status_internet')!;
  const states = new Uint8Array(ixc.contracts);
  for (let id = 1; id <= ixc.contracts; id++) {
    const row = contracts.rowOf(id);
    states[id - 1] = STATES.indexOf(contractState(status.value(row), internet.value(row)));
  }
  memo = { key, states };
  return states;
}

export function stateName(code: number): ContractState {
  return STATES[code];
}

let memo: { key: string; states: Uint8Array } | undefined;
