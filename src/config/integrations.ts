import type { EnvironmentVariables } from './env.schema';
import { integrationUrlProblems } from './integration-urls';

type Key = keyof EnvironmentVariables;

/**
 * External systems and the settings each one needs in live mode. A context issue that adds an
 * integration adds its entry here, so live-mode safety covers it automatically.
 */
export const INTEGRATIONS: ReadonlyArray<{ name: string; required: readonly Key[] }> = [
  { name: 'IXC', required: ['IXC_BASE_URL', 'IXC_USER', 'IXC_TOKEN'] },
  { name: 'MagnusBilling', required: ['MAGNUS_BASE_URL', 'MAGNUS_API_KEY', 'MAGNUS_API_SECRET'] },
  { name: 'Discord', required: ['DISCORD_WEBHOOK_URL'] },
  { name: 'Evolution', required: ['EVOLUTION_BASE_URL', 'EVOLUTION_API_KEY', 'EVOLUTION_INSTANCE'] },
  { name: 'SendGrid', required: ['SENDGRID_API_KEY'] },
  { name: 'SMTP', required: ['SMTP_URL'] },
  { name: 'SMS', required: ['SMS_CLIENT_ID', 'SMS_CLIENT_SECRET'] },
  { name: 'Clinic API', required: ['CLINIC_API_BASE_URL', 'CLINIC_API_KEY'] },
];

const isSet = (env: EnvironmentVariables, key: Key): boolean => {
  const value = env[key];
  return value !== undefined && value !== '';
};

export function configuredIntegrations(env: EnvironmentVariables): string[] {
  return INTEGRATIONS.filter((i) => i.required.some((k) => isSet(env, k))).map((i) => i.name);
}

/**
 * Live mode never mixes real and simulated systems (DESIGN.md, "Live mode safety"): simulators are
 * never used (DEMO_SIMULATORS_URL is ignored), and each configured system must be configured fully;
 * a system left unconfigured is off, not simulated.
 */
export function liveModeProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  const configured = INTEGRATIONS.filter((i) => i.required.some((k) => isSet(env, k)));
  if (configured.length === 0) {
    problems.push(
      `REGUA_MODE: live mode needs at least one external system configured (${INTEGRATIONS.map((i) => i.name).join(', ')})`,
    );
  }
  // An integration is either fully configured (real) or absent (off): never half, never simulated.
  for (const integration of configured) {
    const missing = integration.required.filter((k) => !isSet(env, k));
    if (missing.length > 0) {
      problems.push(`${missing.join(', ')}: required in live mode (${integration.name} integration)`);
    }
  }
  for (const key of ['JWT_SECRET', 'REGUA_SECRET_KEY'] as const) {
    if (!isSet(env, key)) problems.push(`${key}: required in live mode (demo mode generates one)`);
  }
  if (env.JWT_SECRET?.startsWith('demo-only')) {
    problems.push('JWT_SECRET: the demo value of docker-compose.yml must not be used in live mode');
  }
  if (env.REGUA_SECRET_KEY && /^0+$/.test(env.REGUA_SECRET_KEY)) {
    problems.push('REGUA_SECRET_KEY: the all-zero demo key must not be used in live mode');
  }
  problems.push(...integrationUrlProblems(env));
  return problems;
}
