export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** How long to wait before the next request on a route, and whether the global limit is the reason. */
export interface RateLimitWait {
  waitMs: number;
  global: boolean;
}

interface BucketState {
  remaining: number;
  resetAtMs: number;
}

/** Headers carry milliseconds; a little slack keeps a request from landing just before the reset. */
const RESET_MARGIN_MS = 50;

/**
 * What Discord's rate-limit headers said, per bucket (integrations.md §3: limits are read from the headers,
 * never hard-coded). Requests on a route whose bucket has no request left wait for its reset, so 429s stay
 * rare; a 429 (per bucket or global) makes the following requests wait as long as Discord asked.
 * Routes map to the `X-RateLimit-Bucket` Discord names, or are their own bucket until it names one.
 */
export class DiscordRateLimits {
  readonly #bucketOfRoute = new Map<string, string>();
  readonly #buckets = new Map<string, BucketState>();
  #globalUntilMs = 0;

  delayFor(route: string, nowMs: number): RateLimitWait {
    const key = this.bucketKey(route);
    const state = this.#buckets.get(key);
    if (state && state.resetAtMs <= nowMs) this.#buckets.delete(key);
    const bucketWait = state && state.remaining <= 0 ? Math.max(0, state.resetAtMs - nowMs) : 0;
    const globalWait = Math.max(0, this.#globalUntilMs - nowMs);
    const waitMs = Math.max(bucketWait, globalWait);
    return {
      waitMs: waitMs > 0 ? waitMs + RESET_MARGIN_MS : 0,
      global: globalWait > 0 && globalWait >= bucketWait,
    };
  }

  /** Remembers `X-RateLimit-Bucket`, `-Remaining` and `-Reset-After` of any answer that carries them. */
  record(route: string, headers: ResponseHeaders, nowMs: number): void {
    const bucket = header(headers, 'x-ratelimit-bucket');
    if (bucket) this.#bucketOfRoute.set(route, bucket);
    const remaining = numberHeader(headers, 'x-ratelimit-remaining');
    const resetAfterSeconds = numberHeader(headers, 'x-ratelimit-reset-after');
    if (remaining === undefined || resetAfterSeconds === undefined) return;
    this.#buckets.set(this.bucketKey(route), { remaining, resetAtMs: nowMs + resetAfterSeconds * 1000 });
  }

  /** After a 429: nothing more goes to the bucket (or anywhere, for a global limit) until the wait is over. */
  limited(route: string, limit: { retryAfterMs: number; global: boolean }, nowMs: number): void {
    const until = nowMs + limit.retryAfterMs;
    if (limit.global) {
      this.#globalUntilMs = Math.max(this.#globalUntilMs, until);
      return;
    }
    const key = this.bucketKey(route);
    const resetAtMs = Math.max(this.#buckets.get(key)?.resetAtMs ?? 0, until);
    this.#buckets.set(key, { remaining: 0, resetAtMs });
  }

  private bucketKey(route: string): string {
    return this.#bucketOfRoute.get(route) ?? `route:${route}`;
  }
}

export function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function numberHeader(headers: ResponseHeaders, name: string): number | undefined {
  const value = header(headers, name);
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
