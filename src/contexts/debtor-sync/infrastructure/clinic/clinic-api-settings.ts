/** How one clinic API is reached (per tenant: `access.tenants.integrations.clinic` + secret `apiKey`). */
export interface ClinicApiSettings {
  /** without a trailing slash; paths such as `/clinica` are appended */
  baseUrl: string;
  apiKey: string;
  /** deadline of one attempt */
  timeoutMs: number;
  /** retries after the first attempt, for transient failures only */
  maxRetries: number;
  concurrency: number;
  requestsPerSecond: number;
}

export const CLINIC_API_DEFAULTS = {
  timeoutMs: 15_000,
  maxRetries: 4,
  concurrency: 4,
  requestsPerSecond: 10,
} as const;

/** Applies the defaults and rejects what could only fail later, naming the field (never echoing secrets). */
export function clinicApiSettings(input: {
  baseUrl: unknown;
  apiKey: string | null;
  timeoutMs?: unknown;
  maxRetries?: unknown;
  concurrency?: unknown;
  requestsPerSecond?: unknown;
}): ClinicApiSettings {
  if (typeof input.baseUrl !== 'string') throw new Error('baseUrl is missing');
  let url: URL;
  try {
    url = new URL(input.baseUrl.trim());
  } catch {
    throw new Error('baseUrl is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('baseUrl must be http(s)');
  if (url.username || url.password)
    throw new Error('baseUrl must not carry credentials; use the apiKey secret');
  if (!input.apiKey || input.apiKey.trim() === '') throw new Error('the apiKey secret is missing');
  const positive = (value: unknown, fallback: number, field: string, min = 1): number => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
      throw new Error(`${field} must be a number >= ${min}`);
    return value;
  };
  return {
    baseUrl: url.toString().replace(/\/+$/, ''),
    apiKey: input.apiKey.trim(),
    timeoutMs: positive(input.timeoutMs, CLINIC_API_DEFAULTS.timeoutMs, 'timeoutMs', 100),
    maxRetries: Math.floor(positive(input.maxRetries, CLINIC_API_DEFAULTS.maxRetries, 'maxRetries', 0)),
    concurrency: Math.floor(positive(input.concurrency, CLINIC_API_DEFAULTS.concurrency, 'concurrency')),
    requestsPerSecond: positive(
      input.requestsPerSecond,
      CLINIC_API_DEFAULTS.requestsPerSecond,
      'requestsPerSecond',
      0.01,
    ),
  };
}
