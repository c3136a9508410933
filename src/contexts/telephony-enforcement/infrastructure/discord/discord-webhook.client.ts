import { setTimeout as sleep } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import {
  ExponentialBackoff,
  handleWhen,
  retry,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  type RetryPolicy,
} from 'cockatiel';
import { Agent, request } from 'undici';
import { guardedConnect } from '../../../../platform/access/outbound/guarded-connect';
import { DiscordError, DiscordRateLimitedError, DiscordUnavailableError } from './discord-errors';
import type { DiscordPayload } from './discord-payloads';
import { DiscordRateLimits } from './discord-rate-limits';
import { classifyDiscordResponse, parseRateLimited } from './discord-response';
import { parseWebhookUrl, type DiscordWebhookTarget } from './discord-webhook-url';

/** One HTTP attempt: `retry` = it failed and another attempt follows, `error` = the call fails with it. */
export interface DiscordRequestEvent {
  outcome: 'ok' | 'rate_limited' | 'error' | 'retry';
  /** absent when no response arrived (network error, timeout) */
  status?: number;
  durationMs: number;
}

export interface DiscordWebhookClientOptions {
  /** per attempt; default 10 s */
  timeoutMs?: number;
  /** HTTP attempts per message, 429s included; default 5 */
  maxAttempts?: number;
  /** longest rate-limit wait spent inside one call; longer ones throw DiscordRateLimitedError. Default 60 s */
  maxWaitMs?: number;
  hooks?: { onRequest?(event: DiscordRequestEvent): void };
}

export interface DiscordCallOptions {
  /** Aborts the call, including its place in the queue and rate-limit waits; not a Discord error. */
  signal?: AbortSignal;
}

export interface DiscordPostAllResult {
  /** how many payloads were delivered, from the first; the rest were not sent */
  sent: number;
  messageIds: (string | null)[];
  /** why sending stopped early; `transient` says whether to try the rest later */
  error?: DiscordError;
}

const DEFAULTS = { timeoutMs: 10_000, maxAttempts: 5, maxWaitMs: 60_000 };
const USER_AGENT = 'Regua (telephony-enforcement)';

/**
 * Posts messages to Discord webhooks (integrations.md §3). Plain class, one per process: it keeps the
 * rate-limit state Discord's headers describe, per bucket, and waits for a bucket's reset before it would
 * run out, so 429s stay rare; a 429 waits as long as Discord says and tries again.
 *
 * Calls on one webhook run one at a time, in call order, retries included: messages arrive in the order
 * they were handed over. Network errors, timeouts and 5xx are retried with jittered exponential backoff.
 * A timed-out post may have gone through, so a retry can duplicate a message; a duplicate report is better
 * than a lost one. Nothing is logged here; webhook URLs are credentials and appear only as
 * `/webhooks/<id>/***`.
 */
export class DiscordWebhookClient {
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #maxWaitMs: number;
  readonly #onRequest: ((event: DiscordRequestEvent) => void) | undefined;
  readonly #agent = new Agent({ keepAliveTimeout: 10_000, connect: guardedConnect() });
  readonly #queues = new Bottleneck.Group({ maxConcurrent: 1 });
  readonly #limits = new DiscordRateLimits();
  readonly #retry: RetryPolicy;
  #closing: Promise<void> | undefined;

  constructor(options: DiscordWebhookClientOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts);
    this.#maxWaitMs = options.maxWaitMs ?? DEFAULTS.maxWaitMs;
    this.#onRequest = options.hooks?.onRequest;
    this.#retry = retry(
      handleWhen((error) => this.isRetryable(error)),
      {
        // cockatiel counts retries, not attempts
        maxAttempts: this.#maxAttempts - 1,
        backoff: new TransientBackoff(new ExponentialBackoff({ initialDelay: 250, maxDelay: 10_000 })),
      },
    );
  }

  /** Sends one message and returns its id (null when Discord answered 204). */
  async execute(
    webhookUrl: string,
    payload: DiscordPayload,
    options: DiscordCallOptions = {},
  ): Promise<{ messageId: string | null }> {
    if (this.#closing) throw new Error('DiscordWebhookClient is closed');
    const target = parseWebhookUrl(webhookUrl);
    const { signal } = options;
    const body = JSON.stringify(payload);
    const job = this.#queues.key(target.routeKey).schedule(() => {
      signal?.throwIfAborted();
      return this.#retry.execute(({ attempt }) => this.attempt(target, body, attempt, signal), signal);
    });
    return signal ? untilAborted(job, signal) : job;
  }

  /**
   * Sends the payloads in order and stops at the first failure, so what was sent is always a prefix:
   * `payloads.slice(sent)` is what is left to send. An abort is thrown, not returned.
   */
  async postAll(
    webhookUrl: string,
    payloads: readonly DiscordPayload[],
    options: DiscordCallOptions = {},
  ): Promise<DiscordPostAllResult> {
    const messageIds: (string | null)[] = [];
    for (const payload of payloads) {
      try {
        messageIds.push((await this.execute(webhookUrl, payload, options)).messageId);
      } catch (error) {
        if (error instanceof DiscordError) return { sent: messageIds.length, messageIds, error };
        throw error;
      }
    }
    return { sent: messageIds.length, messageIds };
  }

  /** Drops queued posts and closes the connections; posts in flight finish first. */
  close(): Promise<void> {
    this.#closing ??= Promise.all(
      this.#queues.limiters().map(({ limiter }) => limiter.stop({ dropWaitingJobs: true })),
    ).then(() => this.#agent.close());
    return this.#closing;
  }

  private async attempt(
    target: DiscordWebhookTarget,
    body: string,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<{ messageId: string | null }> {
    await this.waitForBucket(target, signal);
    const started = performance.now();
    let status: number | undefined;
    try {
      const response = await this.send(target, body, signal);
      status = response.status;
      const now = Date.now();
      this.#limits.record(target.routeKey, response.headers, now);
      if (status === 429) {
        const limit = parseRateLimited(response.headers, response.text);
        this.#limits.limited(target.routeKey, limit, now);
        throw new DiscordRateLimitedError(target.redacted, limit.retryAfterMs, limit.global);
      }
      const verdict = classifyDiscordResponse(status, response.text, target.redacted);
      if (!verdict.ok) throw verdict.error;
      this.report({ outcome: 'ok', status, durationMs: performance.now() - started });
      return { messageId: verdict.messageId };
    } catch (error) {
      const again = this.isRetryable(error) && attempt < this.#maxAttempts - 1 && !signal?.aborted;
      const outcome = status === 429 ? 'rate_limited' : again ? 'retry' : 'error';
      this.report({ outcome, status, durationMs: performance.now() - started });
      throw error;
    }
  }

  /** Waits out what the headers said about this webhook's bucket (and a global 429), within maxWaitMs. */
  private async waitForBucket(target: DiscordWebhookTarget, signal: AbortSignal | undefined): Promise<void> {
    const { waitMs, global } = this.#limits.delayFor(target.routeKey, Date.now());
    if (waitMs === 0) return;
    if (waitMs > this.#maxWaitMs) throw new DiscordRateLimitedError(target.redacted, waitMs, global);
    await sleep(waitMs, undefined, { signal });
  }

  private async send(
    target: DiscordWebhookTarget,
    body: string,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    try {
      const response = await request(target.url, {
        method: 'POST',
        dispatcher: this.#agent,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': USER_AGENT },
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted) {
        throw new DiscordUnavailableError(target.redacted, `no answer within ${this.#timeoutMs} ms`);
      }
      throw transportError(error, target);
    }
  }

  /** Transient failures are retried; a 429 only when Discord's wait fits within maxWaitMs. */
  private isRetryable(error: unknown): boolean {
    if (error instanceof DiscordRateLimitedError) return error.retryAfterMs <= this.#maxWaitMs;
    return error instanceof DiscordError && error.transient;
  }

  private report(event: DiscordRequestEvent): void {
    try {
      this.#onRequest?.(event);
    } catch {
      // Metrics must never fail or alter a post.
    }
  }
}

/**
 * After a 429 the next attempt starts at once and waits inside, for exactly the time Discord named (and
 * abortably); only the other transient failures back off exponentially, with jitter.
 */
class TransientBackoff implements IBackoff<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly exponential: IBackoffFactory<unknown>,
    readonly duration = 0,
  ) {}

  next(context: IRetryBackoffContext<unknown>): TransientBackoff {
    if ('error' in context.result && context.result.error instanceof DiscordRateLimitedError) {
      return new TransientBackoff(this.exponential, 0);
    }
    const step = this.exponential.next(context);
    return new TransientBackoff(step, step.duration);
  }
}

/** Network failures become DiscordUnavailableError; anything else (a bug) is rethrown as is. */
function transportError(error: unknown, target: DiscordWebhookTarget): unknown {
  const code = errorCode(error);
  const network =
    code !== undefined &&
    (code.startsWith('E') ||
      code.startsWith('UND_ERR_SOCKET') ||
      code.startsWith('UND_ERR_CONNECT') ||
      code === 'UND_ERR_CLOSED' ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT');
  // The cause is left out on purpose: undici errors may quote the request, token included.
  return network ? new DiscordUnavailableError(target.redacted, `network error (${code})`) : error;
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Settles with the job, or rejects as soon as the signal aborts (the job then ends itself when it starts). */
function untilAborted<T>(job: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    job.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
