import {
  CallLimiter,
  mapOutboundError,
  OutboundHttp,
  verdictOf,
  type HttpAnswer,
  type OutboundAttemptEvent,
  type OutboundHttpMetrics,
} from '../../../../platform/outbound-http';
import { setTimeout as sleep } from 'node:timers/promises';
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
  /** the platform's `regua_outbound_*` metrics (integration `discord`) */
  outboundMetrics?: OutboundHttpMetrics;
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
 * Calls on one webhook run one at a time, in call order, retries included (a one-slot CallLimiter per
 * webhook): messages arrive in the order they were handed over. The HTTP side is the platform's
 * {@link OutboundHttp}: network errors, timeouts and 5xx are retried with jittered exponential backoff.
 * A timed-out post may have gone through, so a retry can duplicate a message; a duplicate report is better
 * than a lost one. Nothing is logged here; webhook URLs are credentials and appear only as
 * `/webhooks/<id>/***`.
 */
export class DiscordWebhookClient {
  readonly #timeoutMs: number;
  readonly #maxWaitMs: number;
  readonly #onRequest: ((event: DiscordRequestEvent) => void) | undefined;
  readonly #http: OutboundHttp;
  readonly #queues = new Map<string, CallLimiter>();
  readonly #limits = new DiscordRateLimits();
  #closing: Promise<void> | undefined;

  constructor(options: DiscordWebhookClientOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.#maxWaitMs = options.maxWaitMs ?? DEFAULTS.maxWaitMs;
    this.#onRequest = options.hooks?.onRequest;
    this.#http = new OutboundHttp({
      integration: 'discord',
      timeoutMs: this.#timeoutMs,
      connectTimeoutMs: 10_000,
      keepAliveTimeoutMs: 10_000,
      // one process-wide client: the per-webhook queues below keep each webhook to one post at a time
      concurrency: 64,
      retry: {
        maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts),
        initialDelayMs: 250,
        maxDelayMs: 10_000,
        retryOn: ({ error, request }) => error !== undefined && this.retryDelay(request.url, error),
      },
      metrics: options.outboundMetrics,
    });
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
    return this.queueOf(target.routeKey).schedule(() => this.post(target, body, signal), signal);
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
    this.#closing ??= Promise.all([...this.#queues.values()].map((queue) => queue.stop())).then(() =>
      this.#http.close(),
    );
    return this.#closing;
  }

  private queueOf(routeKey: string): CallLimiter {
    let queue = this.#queues.get(routeKey);
    if (!queue) {
      queue = new CallLimiter(1, 0);
      this.#queues.set(routeKey, queue);
    }
    return queue;
  }

  private async post(
    target: DiscordWebhookTarget,
    body: string,
    signal: AbortSignal | undefined,
  ): Promise<{ messageId: string | null }> {
    await this.waitForBucket(target, signal);
    try {
      return await this.#http.call(
        {
          method: 'POST',
          url: target.url,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'user-agent': USER_AGENT,
          },
          body,
          // A timed-out post may have gone through: a duplicate report is better than a lost one.
          idempotent: true,
        },
        {
          signal,
          redact: [target.routeKey],
          read: (answer) => this.read(target, answer),
          onAttempt: (event) => this.report(event),
        },
      );
    } catch (error) {
      if (signal?.aborted) throw error;
      throw this.discordError(target, error);
    }
  }

  /** Remembers the rate-limit headers, then maps the answer onto a message id or a DiscordError. */
  private read(target: DiscordWebhookTarget, answer: HttpAnswer): { messageId: string | null } {
    const now = Date.now();
    this.#limits.record(target.routeKey, answer.headers, now);
    if (answer.status === 429) {
      const limit = parseRateLimited(answer.headers, answer.text);
      this.#limits.limited(target.routeKey, limit, now);
      throw new DiscordRateLimitedError(target.redacted, limit.retryAfterMs, limit.global);
    }
    const verdict = classifyDiscordResponse(answer.status, answer.text, target.redacted);
    if (!verdict.ok) throw verdict.error;
    return { messageId: verdict.messageId };
  }

  /** Waits out what the headers said about this webhook's bucket (and a global 429), within maxWaitMs. */
  private async waitForBucket(target: DiscordWebhookTarget, signal: AbortSignal | undefined): Promise<void> {
    const { waitMs, global } = this.#limits.delayFor(target.routeKey, Date.now());
    if (waitMs === 0) return;
    if (waitMs > this.#maxWaitMs) throw new DiscordRateLimitedError(target.redacted, waitMs, global);
    await sleep(waitMs, undefined, { signal });
  }

  /**
   * Transient failures are retried; a 429 only when Discord's wait fits within maxWaitMs, and then after
   * exactly that wait (what the bucket now says), not the exponential backoff.
   */
  private retryDelay(url: string, error: unknown): boolean | { afterMs: number } {
    const target = parseWebhookUrl(url);
    const failure = this.discordError(target, error);
    if (failure instanceof DiscordRateLimitedError) {
      if (failure.retryAfterMs > this.#maxWaitMs) return false;
      return { afterMs: this.#limits.delayFor(target.routeKey, Date.now()).waitMs };
    }
    return failure instanceof DiscordError && failure.transient;
  }

  /** Network failures and timeouts become DiscordUnavailableError; anything else (a bug) stays as is. */
  private discordError(target: DiscordWebhookTarget, error: unknown): unknown {
    // The OutboundError's own message is left out on purpose: only `redacted` names the webhook.
    return mapOutboundError(error, {
      timeout: () => new DiscordUnavailableError(target.redacted, `no answer within ${this.#timeoutMs} ms`),
      network: (failure) =>
        new DiscordUnavailableError(target.redacted, `network error (${failure.code ?? failure.kind})`),
    });
  }

  private report(event: OutboundAttemptEvent): void {
    const outcome = event.status === 429 ? 'rate_limited' : verdictOf(event);
    this.#onRequest?.({ outcome, status: event.status, durationMs: event.durationMs ?? 0 });
  }
}
