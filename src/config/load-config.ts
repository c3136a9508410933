import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { EnvironmentVariables, type Mode } from './env.schema';
import { configuredIntegrations, liveModeProblems } from './integrations';

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface AppConfig extends EnvironmentVariables {
  /** The mode after defaulting: demo when no external system is configured, live otherwise. */
  REGUA_MODE: Mode;
}

/** The names of every variable Régua reads (the decorated properties of the schema). */
export function knownVariables(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

function describe(error: ValidationError, raw: Record<string, string>): string {
  const reasons = Object.values(error.constraints ?? {}).join('; ');
  return `${error.property}: ${reasons} (got ${shown(error.property, raw[error.property])})`;
}

/** Error messages end up in logs: never echo a secret, and hide passwords inside URLs. */
function shown(key: string, value: string | undefined): string {
  if (value === undefined) return 'nothing';
  if (/TOKEN|SECRET|PASSWORD|API_KEY/.test(key)) return '<hidden>';
  return JSON.stringify(value.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@'));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const relevant: Record<string, string> = {};
  for (const key of knownVariables()) {
    const value = env[key];
    if (value !== undefined) relevant[key] = value;
  }
  const parsed = plainToInstance(EnvironmentVariables, relevant, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(errors.map((e) => describe(e, relevant)));

  const mode: Mode = parsed.REGUA_MODE ?? (configuredIntegrations(parsed).length > 0 ? 'live' : 'demo');
  if (mode === 'live') {
    const problems = liveModeProblems(parsed);
    if (problems.length > 0) throw new ConfigError(problems);
  }
  return Object.assign(parsed, { REGUA_MODE: mode });
}
