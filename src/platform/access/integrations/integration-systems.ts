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

/**
 * Secret names of system `payments`: each provider's webhook secret, the previous one during a rotation,
 * and the Mercado Pago access token its payment lookups use.
 */
const PAYMENT_SECRET_NAMES = [
  ...['regua', 'mercadopago', 'asaas'].flatMap((p) => [`${p}Secret`, `${p}PreviousSecret`]),
  'mercadopagoAccessToken',
];
/** Settings of system `payments` besides `toleranceSeconds` (the URL is checked like every other). */
const PAYMENT_SETTING_NAMES = ['toleranceSeconds', 'mercadopagoBaseUrl', 'simulated'];

/**
 * What a system refuses in a change, beyond the rules every system shares. `payments`: only its known
 * settings and secret names, a tolerance between 30 s and 1 h, secrets of 16 to 255 characters.
 */
export function changeProblems(
  system: string,
  change: { settings?: Record<string, unknown>; secrets?: Record<string, string | null> },
): string[] {
  if (system !== 'payments') return [];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(change.settings ?? {})) {
    if (!PAYMENT_SETTING_NAMES.includes(name)) problems.push(`settings.${name} is not a payments setting`);
    else if (name === 'mercadopagoBaseUrl') {
      if (typeof value !== 'string') problems.push('settings.mercadopagoBaseUrl must be a URL');
    } else if (name === 'simulated') {
      if (typeof value !== 'boolean') problems.push('settings.simulated must be a boolean');
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 30 || value > 3600)
      problems.push('settings.toleranceSeconds must be an integer from 30 to 3600');
  }
  for (const [name, value] of Object.entries(change.secrets ?? {})) {
    if (!PAYMENT_SECRET_NAMES.includes(name))
      problems.push(`secrets.${name} is not one of ${PAYMENT_SECRET_NAMES.join(', ')}`);
    else if (value !== null && (typeof value !== 'string' || value.length < 16 || value.length > 255))
      problems.push(`secrets.${name} must be 16 to 255 characters`);
  }
  return problems;
}
