import {
  OutboundError,
  OutboundHttp,
  type HttpAnswer,
  type OutboundHttpMetrics,
} from '../../../../platform/outbound-http';
import type { ClinicApiSettings } from './clinic-api-settings';
import type { WireClinic, WireClinicPage, WireReportItem, WireReportPage } from './clinic-wire';

export type ClinicEndpoint = 'clinica' | 'inadimplencia';
export type ClinicRequestOutcome = 'ok' | 'auth' | 'invalid' | 'not_found' | 'transient' | 'protocol';

/** A failure of the clinic API, classified: only `transient` is ever retried. */
export class ClinicApiError extends Error {
  override name = 'ClinicApiError';

  constructor(
    readonly kind: Exclude<ClinicRequestOutcome, 'ok' | 'not_found'>,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ClinicRequestObserver {
  (event: { endpoint: ClinicEndpoint; outcome: ClinicRequestOutcome; durationMs: number }): void;
}

/**
 * The clinic API on the platform's outbound HTTP stack (deadline per attempt, SSRF guard, limiter, jittered
 * retries, breaker, `regua_outbound_*` metrics): reads only, so every transient failure (5xx, 429, timeouts,
 * lost connections, a 200 with `success: false`) is retried a bounded number of times; 401/422/404 never are.
 * The token travels as `api_token` in the query string: the stack never puts a query string in a message,
 * and the token is redacted anyway.
 */
export class ClinicApiClient {
  readonly #http: OutboundHttp;

  constructor(
    private readonly settings: ClinicApiSettings,
    private readonly observe: ClinicRequestObserver = () => undefined,
    metrics?: OutboundHttpMetrics,
  ) {
    this.#http = new OutboundHttp({
      integration: 'clinic',
      timeoutMs: settings.timeoutMs,
      concurrency: settings.concurrency,
      requestsPerSecond: settings.requestsPerSecond,
      retry: {
        maxAttempts: settings.maxRetries + 1,
        retryOn: ({ error }) => (error instanceof ClinicApiError ? error.kind === 'transient' : undefined),
      },
      breaker: { consecutiveFailures: 10, halfOpenAfterMs: 15_000 },
      redact: [settings.apiKey],
      metrics,
    });
  }

  /** Clinics whose name contains `name` (active ones), at most `limit`. */
  async searchClinics(name: string, limit = 50): Promise<WireClinic[]> {
    const body = (await this.get('clinica', '/clinica', {
      search: name,
      ativo: '1',
      page: '1',
      per_page: String(limit),
    })) as WireClinicPage | undefined;
    if (!body || !Array.isArray(body.data))
      throw new ClinicApiError('protocol', 'clinic search answered without data');
    return body.data as WireClinic[];
  }

  /** The clinic with that id, or null when the API does not know it. */
  async clinicById(externalId: string): Promise<WireClinic | null> {
    const body = await this.get('clinica', `/clinica/${encodeURIComponent(externalId)}`, {});
    if (body === undefined) return null;
    if (typeof body !== 'object' || body === null)
      throw new ClinicApiError('protocol', 'clinic detail is not an object');
    return body as WireClinic;
  }

  /** One page of the delinquency report; `last` when no page follows. */
  async reportPage(
    externalId: string,
    from: string,
    to: string,
    page: number,
    perPage: number,
  ): Promise<{ items: WireReportItem[]; last: boolean }> {
    const body = (await this.get(
      'inadimplencia',
      '/relatorio/inadimplencia',
      {
        idClinica: externalId,
        dataVencimentoInicio: from,
        dataVencimentoFim: to,
        page: String(page),
        per_page: String(perPage),
      },
      (json) => {
        const report = json as WireReportPage | undefined;
        // A 200 that says it failed is a failure, and a transient one: nothing was read.
        if (!report || report.success !== true || !Array.isArray(report.data))
          throw new ClinicApiError(
            'transient',
            `delinquency report answered success=${String(report?.success)}`,
          );
      },
    )) as WireReportPage;
    const items = body.data as WireReportItem[];
    const last =
      typeof body.last_page === 'number' && typeof body.current_page === 'number'
        ? body.current_page >= body.last_page
        : items.length < perPage;
    return { items, last };
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  /** The parsed JSON body; undefined for a 404. */
  private async get(
    endpoint: ClinicEndpoint,
    path: string,
    query: Record<string, string>,
    check?: (json: unknown) => void,
  ): Promise<unknown> {
    const params = new URLSearchParams({ ...query, api_token: this.settings.apiKey });
    try {
      return await this.#http.call<unknown>(
        {
          method: 'GET',
          url: `${this.settings.baseUrl}${path}?${params.toString()}`,
          headers: { accept: 'application/json' },
        },
        {
          read: (answer: HttpAnswer): unknown => {
            const json = readAnswer(answer);
            if (json !== undefined) check?.(json);
            return json;
          },
          onAttempt: (event) =>
            this.observe({
              endpoint,
              outcome: outcomeOf(event.error, event.status),
              durationMs: event.durationMs ?? 0,
            }),
        },
      );
    } catch (error) {
      if (error instanceof ClinicApiError) throw error;
      if (error instanceof OutboundError)
        throw new ClinicApiError(
          'transient',
          `the clinic API could not be read (${error.kind}${error.code ? ` ${error.code}` : ''})`,
        );
      throw error;
    }
  }
}

/** The JSON of a usable answer (undefined for 404); a ClinicApiError for everything else. */
function readAnswer(answer: HttpAnswer): unknown {
  const status = answer.status;
  const json = answer.json;
  if (status === 404) return undefined;
  if (status === 401 || status === 403)
    throw new ClinicApiError(
      'auth',
      `the clinic API refused the token (${status}${messageOf(json)})`,
      status,
    );
  if (status === 422 || status === 400)
    throw new ClinicApiError(
      'invalid',
      `the clinic API rejected the request (${status}${messageOf(json)})`,
      status,
    );
  if (status === 408 || status === 429 || status >= 500)
    throw new ClinicApiError('transient', `the clinic API answered ${status}${messageOf(json)}`, status);
  if (status !== 200 || json === undefined)
    throw new ClinicApiError('protocol', `the clinic API answered ${status} without JSON`, status);
  return json;
}

function outcomeOf(error: unknown, status: number | undefined): ClinicRequestOutcome {
  if (error instanceof ClinicApiError) return error.kind;
  if (error !== undefined) return 'transient';
  return status === 404 ? 'not_found' : 'ok';
}

function messageOf(json: unknown): string {
  const message = (json as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
}
