import { SimulatorInputError } from '../host/simulator';

/** `settings.clinic`: how much data to seed. `today` (`yyyy-mm-dd`) pins the anchor of seeded due dates. */
export interface ClinicSettings {
  clinics: number;
  /** patients over all clinics (one contract each) */
  patients: number;
  /** installments over all contracts */
  installments: number;
  today?: string;
}

/** Demo-sized defaults; the benchmark asks for 5 / 50,000 / 200,000. */
export const CLINIC_DEFAULT_SETTINGS: ClinicSettings = { clinics: 4, patients: 120, installments: 600 };
const MAX_ROWS = 2_000_000;
const MAX_CLINICS = 500;

/** Validates `settings.clinic` (numbers or numeric strings, no unknown keys); absent keys keep the defaults. */
export function parseClinicSettings(raw: Record<string, unknown> | undefined): ClinicSettings {
  const settings: ClinicSettings = { ...CLINIC_DEFAULT_SETTINGS };
  if (raw === undefined) return settings;
  const allowed = ['clinics', 'patients', 'installments', 'today'];
  const unknown = Object.keys(raw).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new SimulatorInputError(`unknown clinic setting ${unknown[0]}; allowed: ${allowed.join(', ')}`);
  }
  for (const key of ['clinics', 'patients', 'installments'] as const) {
    const value = typeof raw[key] === 'string' && /^\d+$/.test(raw[key]) ? Number(raw[key]) : raw[key];
    if (value === undefined) continue;
    const max = key === 'clinics' ? MAX_CLINICS : MAX_ROWS;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      throw new SimulatorInputError(`clinic setting ${key} must be an integer between 0 and ${max}`);
    }
    settings[key] = value;
  }
  if (raw.today !== undefined) {
    if (
      typeof raw.today !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(raw.today) ||
      isNaN(Date.parse(raw.today))
    ) {
      throw new SimulatorInputError('clinic setting today must be a date yyyy-mm-dd');
    }
    settings.today = raw.today;
  }
  if (settings.patients > 0 && settings.clinics === 0) {
    throw new SimulatorInputError('clinic settings: patients need at least one clinic');
  }
  if (settings.installments > 0 && settings.patients === 0) {
    throw new SimulatorInputError('clinic settings: installments need at least one patient');
  }
  return settings;
}
