import {
  mapOutboundError,
  OutboundHttp,
  transportErrorsAs,
  verdictOf,
  type OutboundAttemptEvent,
  type OutboundHttpMetrics,
} from '../../../../platform/outbound-http';
import { buildListBody, checkTable, DEFAULT_ROWS_PER_PAGE, type IxcListQuery } from './grid-param.builder';
import {
  IxcError,
  IxcNetworkError,
  IxcServerError,
  IxcTimeoutError,
  IxcTlsError,
  IxcUnexpectedResponseError,
} from './ixc-errors';
import type { IxcRaw } from '../../domain/ixc-records';
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
  /** the platform's `regua_outbound_*` metrics (integration `ixc`) */
  outboundMetrics?: OutboundHttpMetrics;
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

/**
 * Client of one IXC server (integrations.md §1). Plain class: the sync context keeps one per tenant, so
 * the concurrency and rate limits here are the tenant's limits.
 *
 * The HTTP side is the platform's {@link OutboundHttp}: every attempt has a deadline, passes through the
 * tenant's limiter (retries included) and is reported to `hooks.onRequest`. Transient IXC failures are
 * retried with jittered exponential backoff, up to `maxRetries` more attempts (writes only when IXC
 * certainly did not process them). This class keeps IXC's wire format and error shapes. Rows leave without
 * secrets. Nothing is logged here; credentials live in private fields so that logging the client cannot
 * print them.
 */
export class IxcClient {
  readonly #settings: IxcConnectionSettings;
  readonly #authorization: string;
  readonly #hooks: IxcClientHooks;
  readonly #http: OutboundHttp;

  constructor(settings: IxcConnectionSettings, hooks: IxcClientHooks = {}) {
    this.#settings = settings;
    this.#hooks = hooks;
    this.#authorization = `Basic ${Buffer.from(`${settings.user}:${settings.token}`).toString('base64')}`;
    this.#http = new OutboundHttp({
      integration: 'ixc',
      timeoutMs: settings.timeoutMs,
      // undici's own connect deadline, as before the stack
      connectTimeoutMs: 10_000,
      concurrency: settings.concurrency,
      requestsPerSecond: settings.requestsPerSecond,
      retry: {
        maxAttempts: settings.maxRetries + 1,
        initialDelayMs: 200,
        maxDelayMs: 10_000,
        // IXC's own error shapes say what is transient; answers are judged once `parse` has read them.
        retryOn: ({ request, error }) =>
          error !== undefined && isRetryable(verbOf(request.idempotent), this.ixcError(error)),
      },
      // Self-signed certificates are common on ISP-hosted IXC servers; verification is a per-tenant choice.
      rejectUnauthorized: settings.verifyTls,
      redact: [settings.token, this.#authorization],
      metrics: hooks.outboundMetrics,
    });
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
    return this.#http.close();
  }

  private async call<R>(
    verb: IxcVerb,
    table: string,
    body: object,
    { signal }: IxcCallOptions,
    parse: Parse<R>,
  ): Promise<R> {
    const list = verb === 'list';
    try {
      return await this.#http.call(
        {
          // Lists are POST + `ixcsoft: listar` by default, or the official GET with a JSON body, which fetch
          // cannot send; undici's request can.
          method: list && this.#settings.listMethod === 'get' ? 'GET' : 'POST',
          url: `${this.#settings.baseUrl}/${table}`,
          headers: {
            authorization: this.#authorization,
            'content-type': 'application/json',
            accept: 'application/json',
            // `listar` marks a read (without it IXC answers 404); Woovi's production connector sends
            // `Provedor` on writes.
            ixcsoft: list ? 'listar' : 'Provedor',
          },
          body: JSON.stringify(body),
          // Writes are not idempotent: see NEVER_DELIVERED.
          idempotent: list,
        },
        {
          signal,
          read: (answer) => parse(answer.status, answer.text),
          onAttempt: (event) => this.report(table, verb, event),
        },
      );
    } catch (error) {
      if (signal?.aborted) throw error;
      throw this.ixcError(error);
    }
  }

  /** Transport failures become IxcErrors; anything else (a bug such as an invalid header) stays as is. */
  private ixcError(error: unknown): unknown {
    const classes = { tls: IxcTlsError, timeout: IxcTimeoutError, network: IxcNetworkError };
    return mapOutboundError(error, transportErrorsAs(classes, this.#settings.timeoutMs));
  }

  private report(table: string, verb: IxcVerb, event: OutboundAttemptEvent): void {
    const { durationMs = 0, status } = event;
    this.#hooks.onRequest?.({ table, verb, outcome: verdictOf(event), durationMs, status });
  }
}

function verbOf(idempotent: boolean | undefined): IxcVerb {
  return idempotent ? 'list' : 'insert';
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
