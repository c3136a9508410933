import type { OutboundHttpMetrics, OutboundOutcome } from './outbound-metrics';

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface OutboundRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** may the request be repeated when its answer is lost? Default: what the method says (GET, PUT... yes) */
  idempotent?: boolean;
}

/** A request, or how to build the one of each attempt (1 for the first), e.g. signed with a fresh nonce. */
export type OutboundRequestSource = OutboundRequest | ((attempt: number) => OutboundRequest);

export interface HttpAnswer {
  status: number;
  headers: ResponseHeaders;
  text: string;
  /** the body parsed as JSON (parsed on first read); undefined when it is not JSON */
  readonly json: unknown;
}

export interface OutboundRetryOptions {
  /** attempts per call, the first included (1 = no retry) */
  maxAttempts: number;
  /** which failures are transient for this integration; see {@link RetryRule} */
  retryOn?: RetryRule;
  /** first backoff step; default 200 ms */
  initialDelayMs?: number;
  /** longest backoff step; default 10 s */
  maxDelayMs?: number;
  /** a longer `Retry-After` is not waited for: the answer is returned as is. Default 30 s */
  maxRetryAfterMs?: number;
}

export interface OutboundBreakerOptions {
  /** consecutive failures (network, timeout, 5xx) that open the circuit */
  consecutiveFailures: number;
  /** how long the circuit stays open before one trial call is let through */
  halfOpenAfterMs: number;
}

export interface OutboundHttpOptions {
  /** `ixc`, `magnus`, `evolution`...: names metrics and errors */
  integration: string;
  /** deadline of one attempt, from sending to the end of the body (limiter wait excluded) */
  timeoutMs: number;
  /** calls in flight at once */
  concurrency: number;
  /** omitted = no pacing, only the concurrency bound */
  requestsPerSecond?: number;
  /** omitted = one attempt */
  retry?: OutboundRetryOptions;
  /** omitted = no breaker */
  breaker?: OutboundBreakerOptions;
  /** secrets masked (`***`) in every error message (tokens, keys, passwords) */
  redact?: readonly string[];
  /** certificate verification; default true (self-signed panels are a per-tenant choice) */
  rejectUnauthorized?: boolean;
  /** deadline of the TCP/TLS connection; default min(timeoutMs, 10 s) */
  connectTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  /** larger answers fail as `too_large`; omitted = no bound (the integrations' own servers) */
  maxResponseBytes?: number;
  /** `OutboundHttpMetrics.in(metricsService.registry)`; omitted = not measured */
  metrics?: OutboundHttpMetrics;
}

/** One attempt of a call, reported to `onAttempt` (clients keep their own metrics with it). */
export interface OutboundAttemptEvent {
  /** 1 for the first attempt */
  attempt: number;
  outcome: OutboundOutcome;
  /** absent when no answer came */
  status?: number;
  /** absent when nothing was sent (open circuit, closed client) */
  durationMs?: number;
  /** another attempt follows */
  retrying: boolean;
  /** when another attempt follows: the wait before it (backoff, or the server's Retry-After) */
  retryInMs?: number;
  /** the transport failure, or what `read` threw */
  error?: unknown;
}

/** What an attempt came to for the call: it succeeded, another attempt follows, or the call fails. */
export function verdictOf(event: OutboundAttemptEvent): 'ok' | 'retry' | 'error' {
  if (event.retrying) return 'retry';
  return event.error === undefined ? 'ok' : 'error';
}

export interface OutboundCallOptions<T> {
  /** aborts the call: its place in the queue, the attempt in flight and the waits between attempts */
  signal?: AbortSignal;
  /**
   * Maps the answer to the client's result, inside the attempt: what it throws goes through the retry
   * rule (`retryOn` sees it as `error`), so a client can retry on its own error shapes.
   */
  read?: (answer: HttpAnswer) => T;
  /** called after every attempt; what it throws is ignored (metrics must never alter a call) */
  onAttempt?: (event: OutboundAttemptEvent) => void;
  /** secrets of this call only (a webhook token in the URL), masked like the client's `redact` */
  redact?: readonly string[];
}

/** A failed attempt, as the retry rule sees it. */
export interface RetryCandidate {
  request: OutboundRequest;
  /** 1 for the first attempt */
  attempt: number;
  /** `request.idempotent`, or what the method says (GET, HEAD, OPTIONS, PUT, DELETE) */
  idempotent: boolean;
  /** the answer, when one came (before `read`, or the one `read` threw on) */
  answer?: HttpAnswer;
  /** an {@link OutboundError}, or what the caller's `read` threw */
  error?: unknown;
}

/**
 * `true`: retry (after the backoff, or `Retry-After`); `{ afterMs }`: retry after exactly that long;
 * `false`: do not; `undefined`: let {@link defaultRetryRule} decide.
 */
export type RetryDecision = boolean | { afterMs: number } | undefined;
export type RetryRule = (candidate: RetryCandidate) => RetryDecision;
