import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import { OutboundError } from './outbound-errors';
import type { HttpAnswer, RetryCandidate } from './outbound-types';

/** Answers that say "not now": nothing was done, or the server could not tell. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Safe retries only: a connection that was never made is always retried; an idempotent request also on a
 * transient status, a timeout or a lost connection. A non-idempotent request the server may have received
 * is never repeated; neither is a refusal by the outbound policy, a TLS failure, an open circuit, or an
 * error the caller's `read` threw (the client's rule says which of those are transient).
 */
export function defaultRetryRule({ answer, error, idempotent }: RetryCandidate): boolean {
  if (error !== undefined) {
    if (!(error instanceof OutboundError)) return false;
    if (error.kind !== 'network' && error.kind !== 'timeout') return false;
    return error.neverSent || idempotent;
  }
  return answer !== undefined && idempotent && TRANSIENT_STATUSES.has(answer.status);
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function idempotentByMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** `Retry-After` in milliseconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(answer: HttpAnswer, nowMs = Date.now()): number | undefined {
  const raw = answer.headers['retry-after'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * The waits between attempts of one call: cockatiel's exponential backoff with decorrelated jitter, so
 * clients that failed together do not come back together.
 */
export class RetryBackoff {
  #step: IBackoff<unknown> | undefined;

  constructor(private readonly factory: ExponentialBackoff<unknown>) {}

  static of(initialDelayMs: number, maxDelayMs: number): RetryBackoff {
    return new RetryBackoff(new ExponentialBackoff({ initialDelay: initialDelayMs, maxDelay: maxDelayMs }));
  }

  nextMs(): number {
    this.#step = this.#step ? this.#step.next(undefined) : this.factory.next();
    return this.#step.duration;
  }
}
