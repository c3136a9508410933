import { ConstantBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { Agent, request } from 'undici';
import { guardedConnect, OUTBOUND_REFUSED } from '../../../../platform/access/outbound/guarded-connect';
import { ProviderFailure } from '../../application/ports/channel-providers';

export interface ProviderHttpOptions {
  /** `evolution`, `sendgrid`, `assertiva`: names the failures */
  provider: string;
  /** prefix of failure codes, e.g. `WHATSAPP` → `WHATSAPP_TIMEOUT` */
  codePrefix: string;
  /** deadline of one attempt, limiter wait excluded */
  timeoutMs: number;
  concurrency: number;
  /** omitted = no pacing, only the concurrency bound */
  requestsPerSecond?: number;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** the body parsed as JSON; undefined when it is not JSON */
  json: unknown;
}

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

// The connection was never made: the provider cannot have seen the request, so one quick retry is safe.
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  OUTBOUND_REFUSED,
]);

/**
 * The HTTP side shared by the channel clients: one undici agent and one {@link CallLimiter} per client (the
 * tenant's), a deadline per attempt, and network failures turned into transient ProviderFailures. Only a
 * connection that was never made is retried here, once; anything the provider may have received is left to
 * the caller's backbone, with `maybeSent` when the answer was lost (timeout, reset) on a POST.
 */
export class ProviderHttp {
  readonly #options: ProviderHttpOptions;
  readonly #agent: Agent;
  readonly #limiter: CallLimiter;
  readonly #retry: RetryPolicy;
  #closing: Promise<void> | undefined;

  constructor(options: ProviderHttpOptions) {
    this.#options = { ...options };
    this.#agent = new Agent({ connect: guardedConnect({ timeout: Math.min(options.timeoutMs, 5_000) }) });
    this.#limiter = new CallLimiter(
      options.concurrency,
      options.requestsPerSecond ? Math.ceil(1000 / options.requestsPerSecond) : 0,
    );
    this.#retry = retry(
      handleWhen((error) => error instanceof NeverSent),
      { maxAttempts: 1, backoff: new ConstantBackoff(100) },
    );
  }

  async call(call: HttpCall): Promise<HttpAnswer> {
    try {
      return await this.#retry.execute(() => this.#limiter.schedule(() => this.attempt(call)));
    } catch (error) {
      if (error instanceof NeverSent)
        throw this.failure(`${error.code}: could not connect`, 'NETWORK', false);
      throw error;
    }
  }

  /** A ProviderFailure named after this client's provider and code prefix. */
  failure(
    message: string,
    reason: string,
    maybeSent = false,
    kind: ProviderFailure['kind'] = 'transient',
  ): ProviderFailure {
    const { provider, codePrefix } = this.#options;
    return new ProviderFailure(kind, `${codePrefix}_${reason}`, message, provider, maybeSent);
  }

  /** Drops queued calls and closes the connections; calls in flight finish first. */
  close(): Promise<void> {
    this.#closing ??= this.#limiter.stop().then(() => this.#agent.close());
    return this.#closing;
  }

  private async attempt({ method, url, headers, body }: HttpCall): Promise<HttpAnswer> {
    const { timeoutMs } = this.#options;
    const timeout = AbortSignal.timeout(timeoutMs);
    // A lost answer to a POST may hide an accepted message; a GET changes nothing.
    const written = method === 'POST';
    try {
      const response = await request(url, {
        method,
        headers,
        body,
        dispatcher: this.#agent,
        signal: timeout,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text, json: parseJson(text) };
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && NEVER_SENT.has(code)) throw new NeverSent(code);
      if (timeout.aborted) throw this.failure(`no answer within ${timeoutMs} ms`, 'TIMEOUT', written);
      if (code !== undefined) throw this.failure(`${code}: connection lost`, 'NETWORK', written);
      throw error;
    }
  }
}

/**
 * At most `maxConcurrent` calls at once, started in order and at least `minTime` ms apart. Replaces
 * Bottleneck here: its per-job lock and timer hops (several event-loop turns per call) capped a client
 * near 40 calls a second under load, while the calls themselves took 3 ms (notifications bench).
 */
class CallLimiter {
  #running = 0;
  #nextStart = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #waiting: Array<{ start: () => void; reject: (error: Error) => void }> = [];
  readonly #idle: Array<() => void> = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly minTime: number,
  ) {}

  schedule<T>(work: () => Promise<T>): Promise<T> {
    if (this.#stopped) return Promise.reject(new Error('the client is closed'));
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        void work()
          .then(resolve, reject)
          .finally(() => {
            this.#running -= 1;
            this.#pump();
          });
      };
      this.#waiting.push({ start, reject });
      this.#pump();
    });
  }

  /** Drops the waiting calls (rejected); resolves when the running ones have finished. */
  stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiting of this.#waiting.splice(0))
      waiting.reject(new Error('the client was closed before the call was sent'));
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (!this.#stopped && this.#running < this.maxConcurrent && this.#waiting.length > 0) {
      const now = Date.now();
      if (now < this.#nextStart) {
        this.#timer ??= setTimeout(() => {
          this.#timer = undefined;
          this.#pump();
        }, this.#nextStart - now);
        break;
      }
      this.#nextStart = now + this.minTime;
      this.#running += 1;
      this.#waiting.shift()!.start();
    }
    if (this.#running === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}

class NeverSent extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** 5xx, 429 and anything else unexplained: a transient failure whose body the caller could not read. */
export function serverFailure(http: ProviderHttp, answer: HttpAnswer, detail: string): ProviderFailure {
  const reason = answer.status === 429 ? 'RATE_LIMITED' : 'SERVER_ERROR';
  return http.failure(`HTTP ${answer.status}: ${detail}`, reason);
}

/**
 * What a body that is not the provider's error format looks like, without quoting it: a tenant could aim
 * the integration at an internal service, and its answers must not reach schedules, logs or the API.
 */
export function unreadBody(answer: HttpAnswer): string {
  if (answer.text.trim() === '') return 'an empty answer';
  const type =
    String(answer.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim() || 'unknown type';
  return `an unrecognised answer (${type}, ${Buffer.byteLength(answer.text)} bytes)`;
}

/** A short excerpt of an error message the provider's own error format carried (never a raw body). */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
