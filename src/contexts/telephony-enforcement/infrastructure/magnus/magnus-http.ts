import {
  mapOutboundError,
  OutboundHttp,
  transportErrorsAs,
  verdictOf,
  type OutboundAttemptEvent,
  type OutboundHttpMetrics,
} from '../../../../platform/outbound-http';
import { MagnusError, MagnusNetworkError, MagnusTimeoutError, MagnusTlsError } from './magnus-errors';
import type { MagnusConnection } from './magnus-settings';
import { signedMagnusRequest } from './magnus-signature';

/** One HTTP attempt: `retry` = it failed and another attempt follows, `error` = the call fails with it. */
export interface MagnusRequestEvent {
  module: string;
  action: string;
  outcome: 'ok' | 'error' | 'retry';
  durationMs: number;
  /** absent when no response arrived (network error, timeout) */
  status?: number;
}

export interface MagnusClientHooks {
  onRequest?(event: MagnusRequestEvent): void;
  /** the platform's `regua_outbound_*` metrics (integration `magnus`) */
  outboundMetrics?: OutboundHttpMetrics;
}

export type MagnusParams = ReadonlyArray<readonly [string, string]>;
export type MagnusParse<R> = (status: number, body: string) => R;

export interface MagnusCall {
  module: string;
  action: string;
  params: MagnusParams;
  /** appended to the URL as is, e.g. `?sort=id&dir=ASC` */
  query: string;
}

/**
 * Magnus's side of the platform's {@link OutboundHttp}: every attempt is signed afresh (new nonce), has a
 * deadline, passes through the tenant's limiter (retries included) and is reported to `hooks.onRequest`.
 * Transient failures (network, timeout, 502/503/504, as the Magnus errors say) are retried with jittered
 * exponential backoff, up to `maxRetries` more attempts; `save` of a value is idempotent, so every call
 * is. The key and secret live in private fields so that logging the client cannot print them.
 */
export class MagnusHttp {
  readonly #connection: MagnusConnection;
  readonly #hooks: MagnusClientHooks;
  readonly #http: OutboundHttp;

  constructor(connection: MagnusConnection, hooks: MagnusClientHooks = {}) {
    // A copy: the caller's settings object may be reused or changed; this client keeps what it was given.
    this.#connection = { ...connection };
    this.#hooks = hooks;
    this.#http = new OutboundHttp({
      integration: 'magnus',
      timeoutMs: connection.timeoutMs,
      // undici's own connect deadline, as before the stack
      connectTimeoutMs: 10_000,
      concurrency: connection.concurrency,
      requestsPerSecond: connection.requestsPerSecond,
      retry: {
        maxAttempts: connection.maxRetries + 1,
        initialDelayMs: 200,
        maxDelayMs: 5_000,
        // Magnus's error shapes say what is transient; answers are judged once `parse` has read them.
        retryOn: ({ error }) => error !== undefined && isTransient(this.magnusError(error)),
      },
      // Self-signed certificates are common on ISP-hosted panels; verification is a per-tenant choice.
      rejectUnauthorized: connection.verifyTls,
      redact: [connection.apiKey, connection.apiSecret],
      metrics: hooks.outboundMetrics,
    });
  }

  async call<R>(call: MagnusCall, signal: AbortSignal | undefined, parse: MagnusParse<R>): Promise<R> {
    const { module, action, params, query } = call;
    const { baseUrl, apiKey, apiSecret } = this.#connection;
    try {
      return await this.#http.call(
        () => {
          // Signed per attempt: a retry carries a fresh nonce, as a new call of the PHP client would.
          const signed = signedMagnusRequest({ module, action, params, apiKey, apiSecret });
          return {
            method: 'POST',
            url: `${baseUrl}${signed.path}${query}`,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              accept: 'application/json, text/html;q=0.9, */*;q=0.1',
              key: signed.headers.Key,
              sign: signed.headers.Sign,
            },
            body: signed.body,
            idempotent: true,
          };
        },
        {
          signal,
          read: (answer) => parse(answer.status, answer.text),
          onAttempt: (event) => this.report(module, action, event),
        },
      );
    } catch (error) {
      if (signal?.aborted) throw error;
      throw this.magnusError(error);
    }
  }

  /** Drops queued calls and closes the connections; calls in flight finish first. */
  close(): Promise<void> {
    return this.#http.close();
  }

  /** Transport failures become MagnusErrors; anything else (a bug such as an invalid header) stays as is. */
  private magnusError(error: unknown): unknown {
    const classes = { tls: MagnusTlsError, timeout: MagnusTimeoutError, network: MagnusNetworkError };
    return mapOutboundError(error, transportErrorsAs(classes, this.#connection.timeoutMs));
  }

  private report(module: string, action: string, event: OutboundAttemptEvent): void {
    const { durationMs = 0, status } = event;
    this.#hooks.onRequest?.({ module, action, outcome: verdictOf(event), durationMs, status });
  }
}

function isTransient(error: unknown): boolean {
  return error instanceof MagnusError && error.transient;
}
