import Bottleneck from 'bottleneck';
import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { Agent, request } from 'undici';
import { guardedConnect } from '../../../../platform/access/outbound/guarded-connect';
import { buildListBody, checkTable, DEFAULT_ROWS_PER_PAGE, type IxcListQuery } from './grid-param.builder';
import {
  IxcError,
  IxcNetworkError,
  IxcServerError,
  IxcTimeoutError,
  IxcTlsError,
  IxcUnexpectedResponseError,
} from './ixc-errors';
import type { IxcRaw } from './ixc-records';
import {
  parseActionResponse,
  parseInsertResponse,
  parseListResponse,
  type IxcActionResult,
  type IxcInsertResult,
} from './ixc-response';
import type { IxcConnectionSettings } from './ixc-settings';

export type IxcVerb = 'list' | 'insert' | 'action';

/** One HTTP attempt: `retry` = it failed and another attempt follows, `error` = the call fails with it. */
export interface IxcRequestEvent {
  table: string;
  verb: IxcVerb;
  outcome: 'ok' | 'error' | 'retry';
  durationMs: number;
  /** absent when no response arrived (network error, timeout) */
  status?: number;
}

export interface IxcClientHooks {
  onRequest?(event: IxcRequestEvent): void;
}

export interface IxcPage {
  page: number;
  rows: IxcRaw[];
  /** IXC's match count when it sent a usable one; informative only, paging never relies on it. */
  total: number | null;
}

export interface IxcCallOptions {
  /** Aborts the call, including waits for the rate limiter and between retries; not an IXC error. */
  signal?: AbortSignal;
}

/** Insert and action bodies: flat fields, every value a string (as in every official example). */
export type IxcWriteBody = Readonly<Record<string, string>>;

type Parse<R> = (status: number, body: string) => R;

// Writes are not idempotent: a timeout or a gateway error may hide a row IXC did create. They are only
// repeated when IXC certainly never processed them: the connection was never made, or the answer says so.
const NEVER_DELIVERED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const REFUSED_UNPROCESSED = new Set([429, 503]);
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;

/**
 * Client of one IXC server (integrations.md §1). Plain class: the sync context keeps one per tenant, so
 * the concurrency and rate limits here are the tenant's limits.
 *
 * Every attempt has a deadline, passes through the limiter (retries included) and is reported to
 * `hooks.onRequest`. Transient failures are retried with jittered exponential backoff, up to
 * `maxRetries` more attempts. Rows leave without secrets. Nothing is logged here; credentials live in
 * private fields so that logging the client cannot print them.
 */
export class IxcClient {
  readonly #settings: IxcConnectionSettings;
  readonly #authorization: string;
  readonly #hooks: IxcClientHooks;
  readonly #agent: Agent;
  readonly #limiter: Bottleneck;
  readonly #readRetry: RetryPolicy;
  readonly #writeRetry: RetryPolicy;
  #closing: Promise<void> | undefined;

  constructor(settings: IxcConnectionSettings, hooks: IxcClientHooks = {}) {
    this.#settings = settings;
    this.#hooks = hooks;
    this.#authorization = `Basic ${Buffer.from(`${settings.user}:${settings.token}`).toString('base64')}`;
    // Self-signed certificates are common on ISP-hosted IXC servers; verification is a per-tenant choice.
    this.#agent = new Agent({ connect: guardedConnect({ rejectUnauthorized: settings.verifyTls }) });
    this.#limiter = new Bottleneck({
      maxConcurrent: settings.concurrency,
      minTime: Math.ceil(1000 / settings.requestsPerSecond),
    });
    const backoff = new ExponentialBackoff({ initialDelay: 200, maxDelay: 10_000 });
    const maxAttempts = settings.maxRetries;
    this.#readRetry = retry(
      handleWhen((error) => isRetryable('list', error)),
      { maxAttempts, backoff },
    );
    this.#writeRetry = retry(
      handleWhen((error) => isRetryable('insert', error)),
      { maxAttempts, backoff },
    );
  }

  /**
   * Pages through a table, `<table>.id asc` by default so pages stay stable. Stops after a page with fewer
   * than `rp` rows: `total` is missing or wrong on some servers (integrations.md §1.4).
   */
  async *listPages(
    table: string,
    query: IxcListQuery = {},
    options: IxcCallOptions = {},
  ): AsyncGenerator<IxcPage> {
    const rp = query.rp ?? DEFAULT_ROWS_PER_PAGE;
    let previousFirstId: string | undefined;
    for (let page = 1; ; page++) {
      const body = buildListBody(table, { ...query, rp }, page);
      const { rows, total } = await this.call('list', table, body, options, parseListResponse);
      const firstId = rows[0]?.id;
      // A server that ignores `page` would answer page 1 forever; stop instead of looping.
      if (page > 1 && firstId !== undefined && firstId === previousFirstId) {
        throw new IxcUnexpectedResponseError(200, `${table} page ${page} repeats page ${page - 1}`);
      }
      previousFirstId = firstId;
      yield { page, rows, total };
      if (rows.length < rp) return;
    }
  }

  /** Every matching row; for small results (everything is held in memory). */
  async listAll(table: string, query: IxcListQuery = {}, options: IxcCallOptions = {}): Promise<IxcRaw[]> {
    const rows: IxcRaw[] = [];
    for await (const page of this.listPages(table, query, options)) rows.push(...page.rows);
    return rows;
  }

  /** POST a new row (flat JSON); IXC answers `{"type":"success","id":…}`. */
  insert(table: string, body: IxcWriteBody, options: IxcCallOptions = {}): Promise<IxcInsertResult> {
    return this.call('insert', checkTable(table), body, options, parseInsertResponse);
  }

  /** POST to an action route ("button"), e.g. `cliente_contrato_15300`; returns its success JSON as sent. */
  action(route: string, body: IxcWriteBody, options: IxcCallOptions = {}): Promise<IxcActionResult> {
    return this.call('action', checkTable(route), body, options, parseActionResponse);
  }

  /** Drops queued calls and closes the connections; calls in flight finish first. */
  close(): Promise<void> {
    this.#closing ??= this.#limiter.stop({ dropWaitingJobs: true }).then(() => this.#agent.close());
    return this.#closing;
  }

  private call<R>(
    verb: IxcVerb,
    table: string,
    body: object,
    options: IxcCallOptions,
    parse: Parse<R>,
  ): Promise<R> {
    const policy = verb === 'list' ? this.#readRetry : this.#writeRetry;
    return policy.execute(
      ({ attempt }) =>
        this.#limiter.schedule(() => this.attempt(verb, table, body, options.signal, parse, attempt)),
      options.signal,
    );
  }

  private async attempt<R>(
    verb: IxcVerb,
    table: string,
    body: object,
    signal: AbortSignal | undefined,
    parse: Parse<R>,
    attempt: number,
  ): Promise<R> {
    const started = performance.now();
    let status: number | undefined;
    try {
      const response = await this.send(verb, table, body, signal);
      status = response.status;
      const result = parse(response.status, response.text);
      this.report({ table, verb, outcome: 'ok', durationMs: performance.now() - started, status });
      return result;
    } catch (error) {
      const again = isRetryable(verb, error) && attempt < this.#settings.maxRetries && !signal?.aborted;
      this.report({
        table,
        verb,
        outcome: again ? 'retry' : 'error',
        durationMs: performance.now() - started,
        status,
      });
      throw error;
    }
  }

  private async send(
    verb: IxcVerb,
    table: string,
    body: object,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; text: string }> {
    const list = verb === 'list';
    const timeout = AbortSignal.timeout(this.#settings.timeoutMs);
    try {
      const response = await request(`${this.#settings.baseUrl}/${table}`, {
        // Lists are POST + `ixcsoft: listar` by default, or the official GET with a JSON body, which fetch
        // cannot send; undici's request can.
        method: list && this.#settings.listMethod === 'get' ? 'GET' : 'POST',
        dispatcher: this.#agent,
        headers: {
          authorization: this.#authorization,
          'content-type': 'application/json',
          accept: 'application/json',
          // `listar` marks a read (without it IXC answers 404); Woovi's production connector sends
          // `Provedor` on writes.
          ixcsoft: list ? 'listar' : 'Provedor',
        },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted) throw new IxcTimeoutError(this.#settings.timeoutMs);
      throw transportError(error);
    }
  }

  private report(event: IxcRequestEvent): void {
    try {
      this.#hooks.onRequest?.(event);
    } catch {
      // Metrics must never fail or alter an IXC call.
    }
  }
}

function isRetryable(verb: IxcVerb, error: unknown): boolean {
  if (!(error instanceof IxcError) || !error.transient) return false;
  if (verb === 'list') return true;
  if (error instanceof IxcNetworkError)
    return error.causeCode !== undefined && NEVER_DELIVERED.has(error.causeCode);
  return (
    error instanceof IxcServerError && error.status !== undefined && REFUSED_UNPROCESSED.has(error.status)
  );
}

/** Network failures become IxcErrors; anything else (a bug such as an invalid header) is rethrown as is. */
function transportError(error: unknown): unknown {
  const code = errorCode(error);
  if (code === undefined) return error;
  if (TLS_FAILURE.test(code)) return new IxcTlsError(code);
  if (code.startsWith('E') || code.startsWith('UND_ERR_SOCKET') || code.startsWith('UND_ERR_CONNECT')) {
    return new IxcNetworkError(code);
  }
  if (code === 'UND_ERR_CLOSED' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new IxcNetworkError(code);
  }
  return error;
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
