import { SimulatorInputError } from '../host/simulator';
import { IXC_DEFAULT_SETTINGS, type IxcSettings } from '../ixc';
import { parseIxcSettings } from '../ixc/ixc-settings';

/**
 * `settings.magnus`: how many users, how many of them are broken in the ways a hand-kept back office
 * breaks (no contract, a contract IXC does not have, two users on one contract), and how many disagree
 * with their IXC contract. `ixc` must be the settings the IXC simulator of the same host runs with.
 */
export interface MagnusSettings {
  users: number;
  withoutContract: number;
  unknownContracts: number;
  sharedContracts: number;
  /** 0..1: share of contract-linked users whose `active` disagrees with IXC */
  drift: number;
  ixc: IxcSettings;
}

/** Shares of `users` that the broken-link counts default to when only `users` is given. */
const DEFAULT_SHARES = { withoutContract: 0.1, unknownContracts: 0.03, sharedContracts: 0.03 };
const DEFAULT_USERS = 120;
const DEFAULT_DRIFT = 0.04;

/** Demo-sized defaults; the benchmark asks for 20,000 users on 25,000 IXC contracts. */
export const MAGNUS_DEFAULT_SETTINGS: MagnusSettings = {
  users: DEFAULT_USERS,
  withoutContract: Math.round(DEFAULT_USERS * DEFAULT_SHARES.withoutContract),
  unknownContracts: Math.round(DEFAULT_USERS * DEFAULT_SHARES.unknownContracts),
  sharedContracts: Math.round(DEFAULT_USERS * DEFAULT_SHARES.sharedContracts),
  drift: DEFAULT_DRIFT,
  ixc: IXC_DEFAULT_SETTINGS,
};

const MAX_USERS = 1_000_000;
const ALLOWED = ['users', 'withoutContract', 'unknownContracts', 'sharedContracts', 'drift', 'ixc'];

/** Validates `settings.magnus` (numbers or numeric strings, no unknown keys); absent counts scale with `users`. */
export function parseMagnusSettings(raw: Record<string, unknown> | undefined): MagnusSettings {
  const input = raw ?? {};
  const unknown = Object.keys(input).filter((key) => !ALLOWED.includes(key));
  if (unknown.length > 0) {
    throw new SimulatorInputError(`unknown magnus setting ${unknown[0]}; allowed: ${ALLOWED.join(', ')}`);
  }
  const users = count(input.users, 'users') ?? DEFAULT_USERS;
  const orShare = (key: keyof typeof DEFAULT_SHARES) =>
    count(input[key], key) ?? Math.round(users * DEFAULT_SHARES[key]);
  const settings: MagnusSettings = {
    users,
    withoutContract: orShare('withoutContract'),
    unknownContracts: orShare('unknownContracts'),
    sharedContracts: orShare('sharedContracts'),
    drift: fraction(input.drift) ?? DEFAULT_DRIFT,
    ixc: parseIxcSettings(ixcSettings(input.ixc)),
  };
  const linked = users - settings.withoutContract - settings.unknownContracts - settings.sharedContracts;
  if (linked < 0) {
    throw new SimulatorInputError(
      'magnus settings: withoutContract + unknownContracts + sharedContracts exceed users',
    );
  }
  if (linked > settings.ixc.contracts) {
    throw new SimulatorInputError(
      `magnus settings: ${linked} users need their own IXC contract but ixc.contracts is ${settings.ixc.contracts}`,
    );
  }
  if (settings.sharedContracts > 0 && linked === 0) {
    throw new SimulatorInputError('magnus settings: sharedContracts need at least one user with a contract');
  }
  return settings;
}

function count(value: unknown, key: string): number | undefined {
  // Numeric strings too: settings often come from env variables or a CLI.
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (number === undefined) return undefined;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > MAX_USERS) {
    throw new SimulatorInputError(`magnus setting ${key} must be an integer between 0 and ${MAX_USERS}`);
  }
  return number;
}

function fraction(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d*\.?\d+$/.test(value) ? Number(value) : value;
  if (number === undefined) return undefined;
  if (typeof number !== 'number' || !(number >= 0 && number <= 1)) {
    throw new SimulatorInputError('magnus setting drift must be a number between 0 and 1');
  }
  return number;
}

function ixcSettings(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SimulatorInputError('magnus setting ixc must be an object of IXC simulator settings');
  }
  return value as Record<string, unknown>;
}
