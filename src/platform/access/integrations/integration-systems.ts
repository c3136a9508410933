/** External systems a tenant can configure. Their non-secret settings live in `access.tenants.integrations`. */
export const INTEGRATION_SYSTEMS = [
  'ixc',
  'magnus',
  'discord',
  'evolution',
  'sendgrid',
  'smtp',
  'sms',
  'pipedrive',
  'clinic',
  'payments',
] as const;
export type IntegrationSystem = (typeof INTEGRATION_SYSTEMS)[number];

export function isIntegrationSystem(value: string): value is IntegrationSystem {
  return (INTEGRATION_SYSTEMS as readonly string[]).includes(value);
}

/** Names that say "secret": refused as plain settings, so a token never lands in the readable part. */
export const SECRET_LOOKING_NAME = /pass|secret|token|api[-_]?key|senha|credential|webhook/i;

/** Settings and secrets that hold an address Régua calls (`baseUrl`, `url`, `webhookUrl`, …). */
export const URL_NAME = /url$/i;

/** The URL schemes a system's addresses may use: SMTP relays speak smtp(s), everything else http(s). */
export function urlSchemesOf(system: string): readonly string[] {
  return system === 'smtp' ? ['smtp:', 'smtps:'] : ['http:', 'https:'];
}
