import { mulberry32, randomInt, type Random } from '../host/prng';
import { markReceivablePaid, setContractStatus } from './ixc-mutations';
import { serverNow, type IxcState } from './ixc-state';
import type { IxcTableName } from './ixc-tables';

export interface FractionChanges {
  /** rows whose `ultima_atualizacao` moved to now, per table */
  changed: Partial<Record<IxcTableName, number>>;
  /** open receivables that became paid (R) */
  receivablesPaid: number;
  /** contracts whose `status_internet` changed (blocked ↔ released) */
  contractsStatusChanged: number;
}

/** Next `status_internet` for a picked contract: active ones get blocked, blocked ones released. */
const NEXT_INTERNET_STATUS: Record<string, string> = { A: 'CA', CA: 'A', CM: 'A', FA: 'A', AA: 'A' };

/**
 * Changes about `fraction` of the rows of each table the way a day of ERP activity would: open
 * receivables get paid, contracts get blocked or released, everything picked is touched. Deterministic
 * for a seed, so a benchmark's "1% changed" is the same rows run after run.
 */
export function mutateFraction(
  state: IxcState,
  fraction: number,
  seed: number,
  tables: readonly IxcTableName[],
): FractionChanges {
  const random = mulberry32(seed);
  const result: FractionChanges = { changed: {}, receivablesPaid: 0, contractsStatusChanged: 0 };
  for (const name of tables) {
    const table = state.tables[name];
    const rows = pickRows(random, table.size, Math.round(table.size * fraction));
    for (const row of rows) {
      if (name === 'fn_areceber' && isOpen(table.column('status')!.value(row))) {
        markReceivablePaid(state, row);
        result.receivablesPaid++;
      } else if (
        name === 'cliente_contrato' &&
        NEXT_INTERNET_STATUS[table.column('status_internet')!.value(row)]
      ) {
        setContractStatus(state, row, {
          status_internet: NEXT_INTERNET_STATUS[table.column('status_internet')!.value(row)],
        });
        result.contractsStatusChanged++;
      } else {
        table.touch(row, serverNow(state));
      }
    }
    result.changed[name] = rows.length;
  }
  return result;
}

function isOpen(status: string): boolean {
  return status === 'A' || status === 'P';
}

/** `count` distinct rows of [0, size) in ascending order (Floyd's sampling: O(count), not O(size)). */
function pickRows(random: Random, size: number, count: number): number[] {
  const picked = new Set<number>();
  for (let j = size - count; j < size; j++) {
    const candidate = randomInt(random, 0, j);
    picked.add(picked.has(candidate) ? j : candidate);
  }
  return [...picked].sort((a, b) => a - b);
}
