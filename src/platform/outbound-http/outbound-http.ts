import { setTimeout as wait } from 'node:timers/promises';
import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { Agent, request as undiciRequest } from 'undici';
import { guardedConnect } from '../access/outbound/guarded-connect';
import { CallLimiter, LimiterClosedError } from './call-limiter';
import { classifyCode, errorCode, OutboundCircuitOpenError, OutboundError } from './outbound-errors';
import { outcomeOfStatus, type OutboundOutcome } from './outbound-metrics';
import type {
  HttpAnswer,
  OutboundCallOptions,
  OutboundHttpOptions,
  OutboundRequest,
  OutboundRequestSource,
  ResponseHeaders,
  RetryCandidate,
} from './outbound-types';
import { defaultRetryRule, idempotentByMethod, RetryBackoff, retryAfterMs } from './retry-rules';
import { describeUrl, redact } from './redaction';

interface Exchanged {
  answer: HttpAnswer;
  durationMs: number;
}

/**
 * The one outbound HTTP stack (issue 12): the client of one integration for one tenant. Every attempt
 * passes the integration's limiter (concurrency, pacing) and breaker, connects through the SSRF-guarded
 * connector, has a deadline, and is measured. Failed attempts are retried only when that is safe (see
 * {@link defaultRetryRule}; the client's `retryOn` refines it), with jittered exponential backoff or the
 * server's `Retry-After`. Clients built on it keep only their wire format and error shapes.
 */
export class OutboundHttp {
  readonly integration: string;
  readonly #options: OutboundHttpOptions;
  readonly #agent: Agent;
  readonly #limiter: CallLimiter;
  readonly #breaker: CircuitBreakerPolicy | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: OutboundHttpOptions) {
    this.#options = { ...options, redact: [...(options.redact ?? [])] };
    this.integration = options.integration;
    this.#agent = new Agent({
      connect: guardedConnect({
        timeout: options.connectTimeoutMs ?? Math.min(options.timeoutMs, 10_000),
        ...(options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      }),
      ...(options.keepAliveTimeoutMs ? { keepAliveTimeout: options.keepAliveTimeoutMs } : {}),
    });
    const rps = options.requestsPerSecond;
    this.#limiter = new CallLimiter(options.concurrency, rps ? Math.ceil(1000 / rps) : 0);
    this.#breaker = options.breaker
      ? circuitBreaker(
          handleWhen(
            (error) =>
              error instanceof OutboundError && (error.kind === 'network' || error.kind === 'timeout'),
          ).orWhenResult((result) => (result as Exchanged).answer.status >= 500),
          {
            halfOpenAfter: options.breaker.halfOpenAfterMs,
            breaker: new ConsecutiveBreaker(options.breaker.consecutiveFailures),
          },
        )
      : undefined;
    options.metrics?.declare(options.integration);
  }

  /** Sends the request (with retries) and returns what `read` made of the final answer. */
  call<T>(
    request: OutboundRequestSource,
    options: OutboundCallOptions<T> & { read: (answer: HttpAnswer) => T },
  ): Promise<T>;
  /** Sends the request (with retries) and returns the final answer, whatever its status. */
  call(
    request: OutboundRequestSource,
    options?: Omit<OutboundCallOptions<HttpAnswer>, 'read'>,
  ): Promise<HttpAnswer>;
  async call<T>(
    source: OutboundRequestSource,
    options: OutboundCallOptions<T> = {},
  ): Promise<T | HttpAnswer> {
    const { signal, read, onAttempt } = options;
    const secrets = [...(this.#options.redact ?? []), ...(options.redact ?? [])];
    const retry = this.#options.retry;
    const maxAttempts = Math.max(1, retry?.maxAttempts ?? 1);
    const backoff = RetryBackoff.of(retry?.initialDelayMs ?? 200, retry?.maxDelayMs ?? 10_000);
    for (let attempt = 1; ; attempt++) {
      // Built per attempt when the client asks for it: a signed request carries a fresh nonce each time.
      const request = typeof source === 'function' ? source(attempt) : source;
      const idempotent = request.idempotent ?? idempotentByMethod(request.method);
      const candidate: RetryCandidate = { request, attempt, idempotent };
      let durationMs: number | undefined;
      let value: T | HttpAnswer | undefined;
      try {
        const exchanged = await this.#exchange(request, signal, secrets);
        durationMs = exchanged.durationMs;
        candidate.answer = exchanged.answer;
        // A transient answer is retried before the client reads it; the last one is the client's to map.
        const delay = attempt < maxAttempts ? this.#retryDelay(candidate, backoff) : undefined;
        if (delay !== undefined) {
          report(onAttempt, candidate, durationMs, delay);
          await backoffWait(delay, signal);
          continue;
        }
        value = read ? read(exchanged.answer) : exchanged.answer;
      } catch (error) {
        if (signal?.aborted) throw error;
        candidate.error = error;
        const delay = attempt < maxAttempts ? this.#retryDelay(candidate, backoff) : undefined;
        report(onAttempt, candidate, durationMs, delay);
        if (delay === undefined) throw error;
        await backoffWait(delay, signal);
        continue;
      }
      report(onAttempt, candidate, durationMs, undefined);
      return value;
    }
  }

  /** `text` with this integration's secrets masked: for messages a client builds itself. */
  redact(text: string): string {
    return redact(text, this.#options.redact ?? []);
  }

  /** Drops queued calls and closes the connections; calls in flight finish first. */
  close(): Promise<void> {
    this.#closing ??= this.#limiter.stop().then(() => this.#agent.close());
    return this.#closing;
  }

  /** How long to wait before the next attempt, or undefined when the failure is not to be retried. */
  #retryDelay(candidate: RetryCandidate, backoff: RetryBackoff): number | undefined {
    const retry = this.#options.retry;
    const decision = retry?.retryOn?.(candidate) ?? defaultRetryRule(candidate);
    if (decision === false) return undefined;
    if (decision !== true) return Math.max(0, decision.afterMs);
    const step = backoff.nextMs();
    const asked = candidate.answer ? retryAfterMs(candidate.answer) : undefined;
    if (asked === undefined) return step;
    return asked <= (retry?.maxRetryAfterMs ?? 30_000) ? asked : undefined;
  }

  async #exchange(
    request: OutboundRequest,
    signal: AbortSignal | undefined,
    secrets: readonly string[],
  ): Promise<Exchanged> {
    const limited = () => this.#limiter.schedule(() => this.#send(request, signal, secrets), signal);
    try {
      return await (this.#breaker ? this.#breaker.execute(limited) : limited());
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        this.#options.metrics?.record(this.integration, 'circuit_open', undefined);
        throw new OutboundCircuitOpenError(this.integration);
      }
      if (error instanceof LimiterClosedError)
        throw new OutboundError(this.integration, 'closed', `${this.integration}: ${error.message}`, true);
      throw error;
    }
  }

  async #send(
    request: OutboundRequest,
    signal: AbortSignal | undefined,
    secrets: readonly string[],
  ): Promise<Exchanged> {
    const { timeoutMs, metrics } = this.#options;
    const timeout = AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    try {
      const response = await undiciRequest(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        dispatcher: this.#agent,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      const limit = this.#options.maxResponseBytes;
      const text = limit === undefined ? await response.body.text() : await boundedText(response.body, limit);
      const durationMs = performance.now() - started;
      metrics?.record(this.integration, outcomeOfStatus(response.statusCode), durationMs);
      return { answer: answerOf(response.statusCode, response.headers, text), durationMs };
    } catch (error) {
      if (signal?.aborted) throw error;
      const failure = this.#failure(request, error, timeout.aborted, secrets);
      if (failure) metrics?.record(this.integration, outcomeOfFailure(failure), performance.now() - started);
      throw failure ?? error;
    }
  }

  /** A transport failure as an OutboundError; undefined for anything else (a bug: rethrown as is). */
  #failure(
    request: OutboundRequest,
    error: unknown,
    timedOut: boolean,
    secrets: readonly string[],
  ): OutboundError | undefined {
    const where = `${request.method} ${describeUrl(request.url)}`;
    const make = (kind: OutboundError['kind'], what: string, neverSent: boolean, code?: string) =>
      new OutboundError(
        this.integration,
        kind,
        redact(`${this.integration}: ${what} (${where})`, secrets),
        neverSent,
        code,
      );
    const code = errorCode(error);
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return make('too_large', 'answer too large', false, code);
    const known = code === undefined ? undefined : classifyCode(code);
    // A connect timeout is shorter than the deadline: when it fired, nothing was sent.
    if (timedOut && known?.neverSent !== true)
      return make('timeout', `no answer within ${this.#options.timeoutMs} ms`, false, code);
    if (!known) return undefined;
    const what = known.kind === 'refused' ? `refused by the outbound policy` : `${code} while calling`;
    return make(known.kind, what, known.neverSent, code);
  }
}

/** Waits between attempts; an abort rejects with the caller's reason, as the limiter and undici do. */
async function backoffWait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await wait(ms, undefined, { signal });
  } catch (error) {
    throw signal?.aborted ? (signal.reason as unknown) : error;
  }
}

/**
 * The body as text, failing once it exceeds `limit` bytes. Not undici's `maxResponseSize`: with it, large
 * answers slowed down several times and left the server's sockets reset (IXC int spec).
 */
async function boundedText(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit)
      throw Object.assign(new Error(`answer over ${limit} bytes`), { code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function answerOf(status: number, headers: ResponseHeaders, text: string): HttpAnswer {
  let parsed: { value: unknown } | undefined;
  return {
    status,
    headers,
    text,
    get json() {
      parsed ??= { value: parseJson(text) };
      return parsed.value;
    },
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function outcomeOfFailure(error: OutboundError): OutboundOutcome {
  switch (error.kind) {
    case 'timeout':
      return 'timeout';
    case 'tls':
      return 'tls_error';
    case 'refused':
      return 'refused';
    case 'circuit_open':
      return 'circuit_open';
    default:
      return 'network_error';
  }
}

function report(
  onAttempt: OutboundCallOptions<unknown>['onAttempt'],
  { attempt, answer, error }: RetryCandidate,
  durationMs: number | undefined,
  retryInMs: number | undefined,
): void {
  if (!onAttempt) return;
  const outcome: OutboundOutcome =
    error instanceof OutboundError
      ? outcomeOfFailure(error)
      : answer
        ? outcomeOfStatus(answer.status)
        : 'network_error';
  try {
    const retrying = retryInMs !== undefined;
    onAttempt({ attempt, outcome, status: answer?.status, durationMs, retrying, retryInMs, error });
  } catch {
    // Metrics must never fail or alter a call.
  }
}
