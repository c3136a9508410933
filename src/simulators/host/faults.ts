import { mulberry32, type Random } from './prng';
import { SimulatorInputError } from './simulator';

type ResponseBody = string | Record<string, unknown> | unknown[];

/** A canned answer: a vendor JSON error, an HTML proxy page, anything a real outage returns. */
export interface FaultResponse {
  status: number;
  body: ResponseBody;
  /** defaults to text/plain for strings and application/json for objects */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RateLimitFault {
  limit: number;
  windowMs: number;
  /** default 429 */
  status?: number;
  /** without a body the simulator's own `rateLimited` renderer answers (or a generic JSON one) */
  body?: ResponseBody;
  headers?: Record<string, string>;
}

/**
 * Faults applied to a simulator's wire routes (never to its control API).
 * `times` counts the disruptive faults (`error`, `timeout`): after that many hits they switch off,
 * which is how a test says "fail twice, then recover".
 */
export interface FaultConfig {
  /** delay added to every matching wire request */
  latencyMs?: number;
  /** 0..1; probability of answering `error` instead of the real handler (default 1 when only `error` is set) */
  errorRate?: number;
  /** default: 500 `{"error":"simulated fault"}` */
  error?: FaultResponse;
  times?: number;
  /** fixed window limit */
  rateLimit?: RateLimitFault;
  /** accept the request and never answer */
  timeout?: boolean;
  /** regex tested against the path below the simulator's base, e.g. `^/api/v10/webhooks/` */
  pathPattern?: string;
}

export type FaultDecision =
  | { kind: 'pass'; delayMs: number }
  | { kind: 'timeout' }
  | { kind: 'error'; delayMs: number; response: FaultResponse }
  | { kind: 'rateLimited'; delayMs: number; retryAfterSeconds: number; rateLimit: RateLimitFault };

const DEFAULT_ERROR: FaultResponse = { status: 500, body: { error: 'simulated fault' } };
const MAX_LATENCY_MS = 10 * 60_000;

/** Holds the active fault config of one simulator and decides, request by request, what to inject. */
export class FaultInjector {
  private config: FaultConfig = {};
  private pattern: RegExp | undefined;
  private remaining: number | undefined;
  private window: { start: number; used: number } | undefined;
  private random: Random;

  constructor(private readonly seed: number) {
    this.random = mulberry32(seed);
  }

  current(): FaultConfig {
    return this.config;
  }

  /** Replaces the config and restarts its counters and PRNG, so the same config replays the same way. */
  replace(config: FaultConfig): void {
    this.config = config;
    this.pattern = config.pathPattern === undefined ? undefined : new RegExp(config.pathPattern);
    this.remaining = config.times;
    this.window = undefined;
    this.random = mulberry32(this.seed);
  }

  clear(): void {
    this.replace({});
  }

  decide(path: string, nowMs: number): FaultDecision {
    const config = this.config;
    if (this.pattern && !this.pattern.test(path)) return { kind: 'pass', delayMs: 0 };
    const delayMs = config.latencyMs ?? 0;

    if (config.timeout && this.consumeTimes()) return { kind: 'timeout' };

    if (config.rateLimit) {
      const { limit, windowMs } = config.rateLimit;
      if (!this.window || nowMs >= this.window.start + windowMs) this.window = { start: nowMs, used: 0 };
      this.window.used++;
      if (this.window.used > limit) {
        const retryAfterSeconds = (this.window.start + windowMs - nowMs) / 1000;
        return { kind: 'rateLimited', delayMs, retryAfterSeconds, rateLimit: config.rateLimit };
      }
    }

    const errorRate = config.errorRate ?? (config.error ? 1 : undefined);
    if (errorRate !== undefined && this.remaining !== 0 && this.random() < errorRate) {
      this.consumeTimes();
      return { kind: 'error', delayMs, response: config.error ?? DEFAULT_ERROR };
    }
    return { kind: 'pass', delayMs };
  }

  private consumeTimes(): boolean {
    if (this.remaining === undefined) return true;
    if (this.remaining === 0) return false;
    this.remaining--;
    return true;
  }
}

/** Validates a fault config from the control API; throws SimulatorInputError naming the bad field. */
export function parseFaultConfig(input: unknown): FaultConfig {
  const raw = record(input, 'fault config');
  allowOnly(raw, ['latencyMs', 'errorRate', 'error', 'times', 'rateLimit', 'timeout', 'pathPattern'], '');
  const config: FaultConfig = {};
  if (raw.latencyMs !== undefined) config.latencyMs = integer(raw.latencyMs, 'latencyMs', 0, MAX_LATENCY_MS);
  if (raw.errorRate !== undefined) config.errorRate = rate(raw.errorRate);
  if (raw.error !== undefined) config.error = faultResponse(raw.error);
  if (raw.times !== undefined) config.times = integer(raw.times, 'times', 1, Number.MAX_SAFE_INTEGER);
  if (raw.rateLimit !== undefined) config.rateLimit = rateLimit(raw.rateLimit);
  if (raw.timeout !== undefined) {
    if (typeof raw.timeout !== 'boolean') throw new SimulatorInputError('timeout must be a boolean');
    config.timeout = raw.timeout;
  }
  if (raw.pathPattern !== undefined) config.pathPattern = pattern(raw.pathPattern);
  const disruptive = config.timeout || config.errorRate !== undefined || config.error !== undefined;
  if (config.times !== undefined && !disruptive) {
    throw new SimulatorInputError('times only applies to error/errorRate or timeout faults');
  }
  return config;
}

function faultResponse(input: unknown): FaultResponse {
  const raw = record(input, 'error');
  allowOnly(raw, ['status', 'body', 'contentType', 'headers'], 'error.');
  const response: FaultResponse = {
    status: integer(raw.status, 'error.status', 200, 599),
    body: body(raw.body, 'error.body'),
  };
  if (raw.contentType !== undefined) response.contentType = text(raw.contentType, 'error.contentType');
  if (raw.headers !== undefined) response.headers = headers(raw.headers, 'error.headers');
  return response;
}

function rateLimit(input: unknown): RateLimitFault {
  const raw = record(input, 'rateLimit');
  allowOnly(raw, ['limit', 'windowMs', 'status', 'body', 'headers'], 'rateLimit.');
  const limit: RateLimitFault = {
    limit: integer(raw.limit, 'rateLimit.limit', 0, Number.MAX_SAFE_INTEGER),
    windowMs: integer(raw.windowMs, 'rateLimit.windowMs', 1, MAX_LATENCY_MS),
  };
  if (raw.status !== undefined) limit.status = integer(raw.status, 'rateLimit.status', 200, 599);
  if (raw.body !== undefined) limit.body = body(raw.body, 'rateLimit.body');
  if (raw.headers !== undefined) limit.headers = headers(raw.headers, 'rateLimit.headers');
  return limit;
}

function record(input: unknown, field: string): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SimulatorInputError(`${field} must be a JSON object`);
  }
  return input as Record<string, unknown>;
}

// Unknown keys are rejected so a typo ("latency") fails loudly instead of silently injecting nothing.
function allowOnly(raw: Record<string, unknown>, keys: string[], prefix: string): void {
  const unknown = Object.keys(raw).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    throw new SimulatorInputError(`unknown field ${prefix}${unknown[0]}; allowed: ${keys.join(', ')}`);
  }
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SimulatorInputError(`${field} must be an integer between ${min} and ${max}`);
  }
  return value;
}

function rate(value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new SimulatorInputError('errorRate must be a number between 0 and 1');
  }
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new SimulatorInputError(`${field} must be a non-empty string`);
  }
  return value;
}

function body(value: unknown, field: string): ResponseBody {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return value as ResponseBody;
  throw new SimulatorInputError(`${field} must be a string or a JSON object/array`);
}

function headers(value: unknown, field: string): Record<string, string> {
  const raw = record(value, field);
  for (const [name, headerValue] of Object.entries(raw)) {
    if (typeof headerValue !== 'string') throw new SimulatorInputError(`${field}.${name} must be a string`);
  }
  return raw as Record<string, string>;
}

function pattern(value: unknown): string {
  const source = text(value, 'pathPattern');
  try {
    new RegExp(source);
  } catch {
    throw new SimulatorInputError(`pathPattern is not a valid regular expression: ${source}`);
  }
  return source;
}
