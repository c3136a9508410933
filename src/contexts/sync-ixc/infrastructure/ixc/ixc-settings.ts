/**
 * How one IXC server is reached. IXC has no documented rate limit and answers overload with 504s or its
 * red HTML error page (integrations.md §1.6), so the defaults are deliberately gentle.
 */
export type IxcListMethod = 'post' | 'get';

export interface IxcConnectionSettings {
  /** `https://host/webservice/v1`, without a trailing slash; tables and action routes are appended. */
  baseUrl: string;
  /** The numeric IXC user id (the user part of Basic auth). */
  user: string;
  /** The webservice token (the password part of Basic auth). */
  token: string;
  /** `false` accepts self-signed certificates, common on ISP-hosted IXC servers. */
  verifyTls: boolean;
  /**
   * `post`: POST + `ixcsoft: listar` (what most integrators send, reported to work);
   * `get`: the official GET with a JSON body.
   */
  listMethod: IxcListMethod;
  /** Whole-request budget (connect, headers and body) of one attempt. */
  timeoutMs: number;
  /** Retries after the first attempt, for transient failures only. */
  maxRetries: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Request starts per second, evenly spaced. */
  requestsPerSecond: number;
}

export type IxcConnectionInput = Pick<IxcConnectionSettings, 'baseUrl' | 'user' | 'token'> &
  Partial<Omit<IxcConnectionSettings, 'baseUrl' | 'user' | 'token'>>;

export const IXC_CONNECTION_DEFAULTS = {
  verifyTls: true,
  listMethod: 'post',
  timeoutMs: 30_000,
  maxRetries: 4,
  concurrency: 4,
  // IXC documents no limit, only 504s under overload: four requests in flight is the real bound; 25/s is what
  // a one-at-a-time client over a 40 ms link sends anyway.
  requestsPerSecond: 25,
} as const satisfies Omit<IxcConnectionSettings, 'baseUrl' | 'user' | 'token'>;

/** Applies the defaults and rejects settings that could only fail later, with a message naming the field. */
export function ixcConnectionSettings(input: IxcConnectionInput): IxcConnectionSettings {
  const settings: IxcConnectionSettings = {
    baseUrl: normaliseBaseUrl(input.baseUrl),
    user: input.user.trim(),
    token: input.token.trim(),
    verifyTls: input.verifyTls ?? IXC_CONNECTION_DEFAULTS.verifyTls,
    listMethod: input.listMethod ?? IXC_CONNECTION_DEFAULTS.listMethod,
    timeoutMs: input.timeoutMs ?? IXC_CONNECTION_DEFAULTS.timeoutMs,
    maxRetries: input.maxRetries ?? IXC_CONNECTION_DEFAULTS.maxRetries,
    concurrency: input.concurrency ?? IXC_CONNECTION_DEFAULTS.concurrency,
    requestsPerSecond: input.requestsPerSecond ?? IXC_CONNECTION_DEFAULTS.requestsPerSecond,
  };
  // IXC authenticates by user id; a login name here is a common misconfiguration that only shows up as 401.
  if (!/^\d+$/.test(settings.user)) throw new Error('IXC user must be the numeric IXC user id');
  if (settings.token === '') throw new Error('IXC token must not be empty');
  if (settings.listMethod !== 'post' && settings.listMethod !== 'get') {
    throw new Error(`IXC listMethod must be "post" or "get", got "${String(settings.listMethod)}"`);
  }
  positiveInteger(settings.timeoutMs, 'timeoutMs');
  positiveInteger(settings.concurrency, 'concurrency');
  if (!Number.isInteger(settings.maxRetries) || settings.maxRetries < 0) {
    throw new Error('IXC maxRetries must be an integer >= 0');
  }
  if (!(settings.requestsPerSecond > 0) || !Number.isFinite(settings.requestsPerSecond)) {
    throw new Error('IXC requestsPerSecond must be a number > 0');
  }
  return settings;
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    // The raw value is not echoed: a malformed URL may still carry credentials.
    throw new Error('IXC baseUrl is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`IXC baseUrl must be http(s), got "${url.protocol}"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error('IXC baseUrl must not carry credentials; use user and token');
  }
  return url.toString().replace(/\/+$/, '');
}

function positiveInteger(value: number, field: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`IXC ${field} must be an integer > 0`);
}
