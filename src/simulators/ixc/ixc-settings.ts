import { SimulatorInputError } from '../host/simulator';
import { parseIxcDate } from './ixc-time';

/** `settings.ixc`: how much data to seed. `today` (`yyyy-mm-dd`) pins the anchor of seeded dates. */
export interface IxcSettings {
  customers: number;
  contracts: number;
  receivables: number;
  today?: string;
}

/** Demo-sized defaults; the benchmark asks for 50,000 / 60,000 / 500,000. */
export const IXC_DEFAULT_SETTINGS: IxcSettings = { customers: 300, contracts: 360, receivables: 3000 };
const MAX_ROWS = 5_000_000;

/** Validates `settings.ixc` (numbers or numeric strings, no unknown keys); absent keys keep the defaults. */
export function parseIxcSettings(raw: Record<string, unknown> | undefined): IxcSettings {
  const settings: IxcSettings = { ...IXC_DEFAULT_SETTINGS };
  if (raw === undefined) return settings;
  const allowed = ['customers', 'contracts', 'receivables', 'today'];
  const unknown = Object.keys(raw).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new SimulatorInputError(`unknown ixc setting ${unknown[0]}; allowed: ${allowed.join(', ')}`);
  }
  for (const key of ['customers', 'contracts', 'receivables'] as const) {
    // Numeric strings too: settings often come from env variables or a CLI.
    const value = typeof raw[key] === 'string' && /^\d+$/.test(raw[key]) ? Number(raw[key]) : raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_ROWS) {
      throw new SimulatorInputError(`ixc setting ${key} must be an integer between 0 and ${MAX_ROWS}`);
    }
    settings[key] = value;
  }
  if (raw.today !== undefined) {
    if (typeof raw.today !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw.today) || !parseIxcDate(raw.today)) {
      throw new SimulatorInputError('ixc setting today must be a date yyyy-mm-dd');
    }
    settings.today = raw.today;
  }
  if (settings.contracts > 0 && settings.customers === 0) {
    throw new SimulatorInputError('ixc settings: contracts need at least one customer');
  }
  if (settings.receivables > 0 && settings.contracts === 0) {
    throw new SimulatorInputError('ixc settings: receivables need at least one contract');
  }
  return settings;
}
