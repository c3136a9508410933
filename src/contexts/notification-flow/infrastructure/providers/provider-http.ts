import {
  mapOutboundError,
  OutboundError,
  OutboundHttp,
  type HttpAnswer,
  type OutboundHttpMetrics,
} from '../../../../platform/outbound-http';
import { ProviderFailure } from '../../application/ports/channel-providers';

export type { HttpAnswer };

export interface ProviderHttpOptions {
  /** `evolution`, `sendgrid`, `assertiva`: names the failures and the outbound metrics */
  provider: string;
  /** prefix of failure codes, e.g. `WHATSAPP` → `WHATSAPP_TIMEOUT` */
  codePrefix: string;
  /** deadline of one attempt, limiter wait excluded */
  timeoutMs: number;
  concurrency: number;
  /** omitted = no pacing, only the concurrency bound */
  requestsPerSecond?: number;
  /** credentials masked in failure messages */
  secrets?: readonly string[];
  metrics?: OutboundHttpMetrics;
}

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * The channel clients' side of the platform's {@link OutboundHttp} (one per client, i.e. per tenant):
 * network failures become transient ProviderFailures named after the provider. Only a connection that
 * was never made is retried here, once, after ~100 ms; anything the provider may have received is left
 * to the caller's backbone, with `maybeSent` when the answer was lost (timeout, reset) on a POST.
 */
export class ProviderHttp {
  readonly #options: ProviderHttpOptions;
  readonly #http: OutboundHttp;

  constructor(options: ProviderHttpOptions) {
    this.#options = { ...options };
    this.#http = new OutboundHttp({
      integration: options.provider,
      timeoutMs: options.timeoutMs,
      connectTimeoutMs: Math.min(options.timeoutMs, 5_000),
      concurrency: options.concurrency,
      requestsPerSecond: options.requestsPerSecond,
      retry: {
        maxAttempts: 2,
        initialDelayMs: 100,
        maxDelayMs: 100,
        retryOn: ({ error }) =>
          error instanceof OutboundError &&
          error.neverSent &&
          (error.kind === 'network' || error.kind === 'timeout'),
      },
      redact: options.secrets,
      metrics: options.metrics,
    });
  }

  async call(call: HttpCall): Promise<HttpAnswer> {
    try {
      return await this.#http.call(call);
    } catch (error) {
      throw this.transportFailure(call, error);
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
    return this.#http.close();
  }

  private transportFailure(call: HttpCall, error: unknown): unknown {
    // A lost answer to a POST may hide an accepted message; a GET changes nothing.
    const written = call.method === 'POST';
    const code = (failure: OutboundError) => failure.code ?? failure.kind;
    return mapOutboundError(error, {
      neverSent: (failure) => this.failure(`${code(failure)}: could not connect`, 'NETWORK'),
      timeout: () => this.failure(`no answer within ${this.#options.timeoutMs} ms`, 'TIMEOUT', written),
      network: (failure) => this.failure(`${code(failure)}: connection lost`, 'NETWORK', written),
    });
  }
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
