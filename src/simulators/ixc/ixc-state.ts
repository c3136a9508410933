import { seedIxc } from './ixc-seed';
import { parseIxcSettings, type IxcSettings } from './ixc-settings';
import { createTables, IXC_TABLE_NAMES, type IxcTables } from './ixc-tables';
import { parseIxcDate, SECONDS_PER_DAY, serverToday, serverWallSeconds } from './ixc-time';

/** The demo's webservice user: IXC's Basic auth is `<numeric user id>:<token>` (integrations.md §1.1). */
export const IXC_DEMO_CREDENTIALS = {
  user: '1',
  token: '9aa1c0e5b7d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4',
} as const;

export interface RequestCounts {
  list: number;
  write: number;
}

export interface IxcState {
  readonly seed: number;
  readonly settings: IxcSettings;
  readonly tables: IxcTables;
  /** user id → token; modify can add and remove users */
  readonly credentials: Map<string, string>;
  /** IPs or IPv4 CIDRs allowed to log in; empty = any (IXC's "Redes Permitidas") */
  ipAllowList: string[];
  /** when set, any IN/NI operator is answered with the HTML error */
  rejectIn: boolean;
  /** wire requests by table (the path segment) and kind, faulted ones included */
  readonly requests: Map<string, RequestCounts>;
  /** receipts written through `fn_areceber_recebimentos_baixas_novo`, oldest first */
  readonly receipts: ReceiptRecord[];
  /** mutateFraction calls so far; derives a fresh default seed for each */
  mutations: number;
  /** the host's clock once mounted */
  clock: () => Date;
}

export interface ReceiptRecord {
  id: number;
  receivableId: number;
  cents: number;
  /** as sent, dd/mm/yyyy */
  date: string;
}

export function createIxcState(seed: number, rawSettings?: Record<string, unknown>): IxcState {
  const settings = parseIxcSettings(rawSettings);
  const tables = createTables(seed);
  const anchorDay =
    settings.today === undefined
      ? serverToday(new Date())
      : Math.floor(parseIxcDate(settings.today)! / SECONDS_PER_DAY);
  seedIxc(tables, seed, settings, anchorDay);
  return {
    seed,
    settings,
    tables,
    credentials: new Map([[IXC_DEMO_CREDENTIALS.user, IXC_DEMO_CREDENTIALS.token]]),
    ipAllowList: [],
    rejectIn: false,
    requests: new Map(),
    receipts: [],
    mutations: 0,
    clock: () => new Date(),
  };
}

/** Now, as the IXC server's wall clock (America/Sao_Paulo) in seconds: what `ultima_atualizacao` gets. */
export function serverNow(state: IxcState): number {
  return serverWallSeconds(state.clock());
}

export function inspectIxc(state: IxcState) {
  return {
    counts: Object.fromEntries(IXC_TABLE_NAMES.map((name) => [name, state.tables[name].size])),
    requestsByTable: Object.fromEntries([...state.requests].map(([table, counts]) => [table, { ...counts }])),
    settings: state.settings,
    credentials: [...state.credentials.keys()].map((user) => ({ user })),
    ipAllowList: state.ipAllowList,
    rejectInOperator: state.rejectIn,
    receipts: state.receipts.map((r) => ({ ...r })),
  };
}

export type IxcData = ReturnType<typeof inspectIxc>;
