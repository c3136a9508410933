/**
 * How one MagnusBilling server is reached. Magnus has no rate limit of its own (integrations.md §2.4) but runs
 * on the same small box as Asterisk: the defaults keep a reconcile run from competing with live calls.
 */
export interface MagnusConnection {
  /** The public URL of the panel, e.g. `https://voip.example.com/mbilling` (no trailing slash once normalised). */
  baseUrl: string;
  /** The API key record's `api_key` (sent as the `Key` header). */
  apiKey: string;
  /** The API key record's `api_secret` (signs every body; never sent). */
  apiSecret: string;
  /** Whole-request budget (connect, headers and body) of one attempt. */
  timeoutMs: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Request starts per second, evenly spaced; fractions allowed (0.5 = one every 2 s). */
  requestsPerSecond: number;
  /** Retries after the first attempt, for transient failures only. */
  maxRetries: number;
  /** `false` accepts self-signed certificates, common on ISP-hosted Magnus panels. */
  verifyTls: boolean;
}

export type MagnusConnectionInput = Partial<MagnusConnection> &
  Pick<MagnusConnection, 'baseUrl' | 'apiKey' | 'apiSecret'>;

export const MAGNUS_CONNECTION_DEFAULTS = {
  timeoutMs: 10_000,
  concurrency: 8,
  // The concurrency bound is what protects the box (it runs Asterisk too); 50/s lets an hourly run
  // over 20,000 lines finish well inside a minute.
  requestsPerSecond: 50,
  maxRetries: 3,
  verifyTls: true,
} as const satisfies Omit<MagnusConnection, 'baseUrl' | 'apiKey' | 'apiSecret'>;

/** Applies the defaults and rejects settings that could only fail later, with a message naming the field. */
export function magnusConnectionSettings(input: MagnusConnectionInput): MagnusConnection {
  const settings: MagnusConnection = {
    baseUrl: normaliseBaseUrl(input.baseUrl),
    apiKey: (input.apiKey ?? '').trim(),
    apiSecret: (input.apiSecret ?? '').trim(),
    timeoutMs: input.timeoutMs ?? MAGNUS_CONNECTION_DEFAULTS.timeoutMs,
    concurrency: input.concurrency ?? MAGNUS_CONNECTION_DEFAULTS.concurrency,
    requestsPerSecond: input.requestsPerSecond ?? MAGNUS_CONNECTION_DEFAULTS.requestsPerSecond,
    maxRetries: input.maxRetries ?? MAGNUS_CONNECTION_DEFAULTS.maxRetries,
    verifyTls: input.verifyTls ?? MAGNUS_CONNECTION_DEFAULTS.verifyTls,
  };
  // The key travels as a header: a control character or space in it could only be a paste error.
  if (!/^[!-~]+$/.test(settings.apiKey)) {
    throw new Error('Magnus apiKey must be a non-empty string of printable ASCII without spaces');
  }
  if (settings.apiSecret === '') throw new Error('Magnus apiSecret must not be empty');
  positiveInteger(settings.timeoutMs, 'timeoutMs');
  positiveInteger(settings.concurrency, 'concurrency');
  if (!Number.isInteger(settings.maxRetries) || settings.maxRetries < 0) {
    throw new Error('Magnus maxRetries must be an integer >= 0');
  }
  if (!(settings.requestsPerSecond > 0) || !Number.isFinite(settings.requestsPerSecond)) {
    throw new Error('Magnus requestsPerSecond must be a number > 0');
  }
  if (typeof settings.verifyTls !== 'boolean') throw new Error('Magnus verifyTls must be true or false');
  return settings;
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(String(raw ?? '').trim());
  } catch {
    // The raw value is not echoed: a malformed URL may still carry credentials.
    throw new Error('Magnus baseUrl is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Magnus baseUrl must be http(s), got "${url.protocol}"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error('Magnus baseUrl must not carry credentials; use apiKey and apiSecret');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new Error('Magnus baseUrl must not have a query string or fragment');
  }
  // `/index.php/{module}/{action}` is appended; accept a URL pasted with `/index.php` already on it.
  return url
    .toString()
    .replace(/\/+$/, '')
    .replace(/\/index\.php$/, '');
}

function positiveInteger(value: number, field: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`Magnus ${field} must be an integer > 0`);
}
