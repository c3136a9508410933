import { seedMagnusUsers, type SeededKinds } from './magnus-seed';
import { parseMagnusSettings, type MagnusSettings } from './magnus-settings';
import type { MagnusUser } from './magnus-user-columns';

/**
 * The demo's API key (MagnusBilling's `pkg_api`): full `crud` permissions, no IP restriction. Both halves
 * are free text the admin types in the UI; these are fixed so demo wiring and tests can share them.
 */
export const MAGNUS_DEMO_CREDENTIALS = {
  apiKey: 'mbdemo7f3c9a2e5b1d4f6a8c0e2b4d6f8a0c2e',
  apiSecret: 'b7e1c4a9d2f5e8b3a6c9d2e5f8a1b4c7d0e3f6a9b2c5d8e1f4a7b0c3d6e9f2a5',
} as const;

export interface MagnusApiKey {
  apiKey: string;
  apiSecret: string;
  /** letters of `crud`, matched with `preg_match('/<letter>/', $action)` */
  permissions: string;
  /** `api_restriction_ips`: a comma list compared verbatim with REMOTE_ADDR; empty = any */
  ipRestriction: string;
  /** only keys with status 1 are found */
  status: 0 | 1;
}

export interface MagnusState {
  readonly seed: number;
  readonly settings: MagnusSettings;
  readonly users: Map<number, MagnusUser>;
  nextId: number;
  /** bumped on every write; read caches its sorted order against it */
  version: number;
  sortCache?: { key: string; version: number; users: MagnusUser[] };
  readonly apiKeys: Map<string, MagnusApiKey>;
  /** wire requests by `module/action` from the URL, faulted and refused ones included */
  readonly requestCounts: Map<string, number>;
  /** which users the seed made special, for tests and benchmarks to check a sync against */
  readonly seeded: SeededKinds;
  /** the host's clock once mounted */
  clock: () => Date;
}

export function createMagnusState(seed: number, rawSettings?: Record<string, unknown>): MagnusState {
  const settings = parseMagnusSettings(rawSettings);
  const { users, kinds } = seedMagnusUsers(seed, settings);
  return {
    seed,
    settings,
    users: new Map(users.map((user) => [user.id as number, user])),
    nextId: users.length + 1,
    version: 0,
    apiKeys: new Map([
      [
        MAGNUS_DEMO_CREDENTIALS.apiKey,
        { ...MAGNUS_DEMO_CREDENTIALS, permissions: 'crud', ipRestriction: '', status: 1 },
      ],
    ]),
    requestCounts: new Map(),
    seeded: kinds,
    clock: () => new Date(),
  };
}

/** Every write goes through here so cached orderings are dropped. */
export function touched(state: MagnusState): void {
  state.version++;
  state.sortCache = undefined;
}

/** `Y-m-d H:i:s` on the server's wall clock (a Brazilian install runs on America/Sao_Paulo). */
export function serverDateTime(state: MagnusState): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'America/Sao_Paulo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(state.clock());
}

const PLAN_NAMES: Record<number, string> = {
  1: 'VoIP Fixo Ilimitado',
  2: 'VoIP 500 Minutos',
  3: 'VoIP Empresarial',
};

/** A row as `actionRead` prints it: the columns plus the `extraValues` relations of UserController. */
export function apiRow(user: MagnusUser): Record<string, unknown> {
  const plan = typeof user.id_plan === 'number' ? (PLAN_NAMES[user.id_plan] ?? null) : null;
  return {
    ...user,
    idGroupname: user.id_group === 3 ? 'Cliente' : user.id_group === 1 ? 'Administrator' : null,
    idGroupid_user_type: user.id_group === 3 ? 3 : user.id_group === 1 ? 1 : null,
    idPlanname: plan,
    idUserusername: user.id_user === 1 ? 'root' : null,
  };
}

export function inspectMagnus(state: MagnusState) {
  const byActive: Record<string, number> = {};
  for (const user of state.users.values()) {
    const key = String(user.active ?? 'null');
    byActive[key] = (byActive[key] ?? 0) + 1;
  }
  return {
    users: state.users.size,
    requestCounts: Object.fromEntries(state.requestCounts),
    byActive,
    apiKeys: [...state.apiKeys.values()].map((key) => ({
      apiKey: key.apiKey,
      permissions: key.permissions,
      ipAllowList: key.ipRestriction === '' ? [] : key.ipRestriction.split(','),
      status: key.status,
    })),
    settings: state.settings,
    seeded: state.seeded,
    // The full list only while it is small: a 20,000-user benchmark polls this endpoint too.
    userList:
      state.users.size <= 500
        ? [...state.users.values()].map(({ password: _password, ...rest }) => rest)
        : undefined,
  };
}

export type MagnusData = ReturnType<typeof inspectMagnus>;
