import type { Response } from 'express';
import { hashString } from '../host/prng';
import type { DiscordState, DiscordWebhook } from './discord-state';

export interface BucketStatus {
  limit: number;
  remaining: number;
  resetAtMs: number;
  resetAfterSeconds: number;
  bucket: string;
  limited: boolean;
}

/**
 * Webhooks are their own top-level rate-limit resource (webhook id + token). A fixed window per webhook
 * is enough to exercise clients that must read the limit from the headers rather than hard-code it.
 */
export function takeFromBucket(state: DiscordState, webhook: DiscordWebhook, nowMs: number): BucketStatus {
  const { limit, windowMs } = state.rateLimit;
  let window = state.buckets.get(webhook.id);
  if (!window || nowMs >= window.start + windowMs) {
    window = { start: nowMs, used: 0 };
    state.buckets.set(webhook.id, window);
  }
  window.used++;
  const resetAtMs = window.start + windowMs;
  return {
    limit,
    remaining: Math.max(0, limit - window.used),
    resetAtMs,
    resetAfterSeconds: (resetAtMs - nowMs) / 1000,
    bucket: bucketHash(webhook),
    limited: window.used > limit,
  };
}

export function setRateLimitHeaders(res: Response, status: BucketStatus): void {
  res.set({
    'X-RateLimit-Limit': String(status.limit),
    'X-RateLimit-Remaining': String(status.remaining),
    'X-RateLimit-Reset': (status.resetAtMs / 1000).toFixed(3),
    'X-RateLimit-Reset-After': status.resetAfterSeconds.toFixed(3),
    'X-RateLimit-Bucket': status.bucket,
  });
}

/** Discord's 429: float seconds in the body, whole seconds in Retry-After, scope says whose limit it was. */
export function sendRateLimited(res: Response, retryAfterSeconds: number): void {
  const retryAfter = Math.max(0, retryAfterSeconds);
  res
    .status(429)
    .set({ 'Retry-After': String(Math.ceil(retryAfter)), 'X-RateLimit-Scope': 'shared' })
    .json({
      message: 'You are being rate limited.',
      retry_after: Number(retryAfter.toFixed(3)),
      global: false,
    });
}

/** Opaque, stable per webhook and 32 hex digits long, like Discord's bucket ids. */
function bucketHash(webhook: DiscordWebhook): string {
  return [0, 1, 2, 3]
    .map((part) => hashString(`${part}:${webhook.id}:${webhook.token}`).toString(16).padStart(8, '0'))
    .join('');
}
