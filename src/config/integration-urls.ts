import type { EnvironmentVariables } from './env.schema';

type Key = keyof EnvironmentVariables;

/** Base URLs the clients append their paths to (and refuse at the first call when malformed). */
const BASE_URLS: readonly Key[] = [
  'IXC_BASE_URL',
  'MAGNUS_BASE_URL',
  'EVOLUTION_BASE_URL',
  'SMS_BASE_URL',
  'CLINIC_API_BASE_URL',
  'MERCADOPAGO_BASE_URL',
];
const DISCORD_WEBHOOKS: readonly Key[] = ['DISCORD_WEBHOOK_URL', 'DISCORD_ERROR_WEBHOOK_URL'];
// The form the Discord client posts to (`/api/webhooks/…` or `/api/v10/webhooks/…`).
const WEBHOOK_PATH = /\/webhooks\/\d{1,20}\/[^/]+\/?$/;

const parse = (raw: string): URL | undefined => {
  try {
    return new URL(raw.trim());
  } catch {
    return undefined;
  }
};

/**
 * Live mode: every integration URL of the environment is checked at boot the way its client reads it, so
 * a typo stops the start with the variable's name instead of failing the first sync, run or report.
 * Values are never quoted: a webhook URL holds its token, a base URL may hold a password.
 */
export function integrationUrlProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  const set = (key: Key): string | undefined => {
    const value = env[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  for (const key of BASE_URLS) {
    const raw = set(key);
    if (raw === undefined) continue;
    const url = parse(raw);
    const why = !url
      ? 'not an absolute URL'
      : url.protocol !== 'http:' && url.protocol !== 'https:'
        ? `the scheme must be http or https, not ${url.protocol.replace(/:$/, '')}`
        : url.username !== '' || url.password !== ''
          ? 'credentials do not belong in the URL (use the key/token variables)'
          : url.search !== '' || url.hash !== ''
            ? 'a base URL has no query string or fragment'
            : undefined;
    if (why) problems.push(`${key}: must be an http(s) base URL; ${why}`);
  }
  for (const key of DISCORD_WEBHOOKS) {
    const raw = set(key);
    if (raw === undefined) continue;
    const url = parse(raw);
    const why = !url
      ? 'not an absolute URL'
      : url.protocol !== 'http:' && url.protocol !== 'https:'
        ? `the scheme must be https, not ${url.protocol.replace(/:$/, '')}`
        : !WEBHOOK_PATH.test(url.pathname)
          ? 'the path does not end in /webhooks/<id>/<token>'
          : undefined;
    if (why) {
      problems.push(
        `${key}: must be a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>); ${why}`,
      );
    }
  }
  const smtp = set('SMTP_URL');
  if (smtp !== undefined) {
    const url = parse(smtp);
    if (!url || url.hostname === '') problems.push('SMTP_URL: must be a URL like smtp://user:pass@host:587');
  }
  return problems;
}
