import Bottleneck from 'bottleneck';
import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { Agent, request } from 'undici';
import { guardedConnect } from '../../../../platform/access/outbound/guarded-connect';
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
 * The clinic API over undici and the guarded connector (no loopback/metadata unless trusted): a deadline per
 * attempt, bounded jittered retries for transient failures only (5xx, 429, timeouts, resets), concurrency and
 * pacing per client (one client per tenant). The token travels as `api_token` in the query string, so URLs are
 * never logged or put in errors.
 */
export class ClinicApiClient {
  readonly #agent: Agent;
  readonly #limiter: Bottleneck;
  readonly #retry: RetryPolicy;

  constructor(
    private readonly settings: ClinicApiSettings,
    private readonly observe: ClinicRequestObserver = () => undefined,
  ) {
    this.#agent = new Agent({ connect: guardedConnect({ timeout: Math.min(settings.timeoutMs, 5_000) }) });
    this.#limiter = new Bottleneck({
      maxConcurrent: settings.concurrency,
      minTime: Math.ceil(1000 / settings.requestsPerSecond),
    });
    this.#retry = retry(
      handleWhen((error) => error instanceof ClinicApiError && error.kind === 'transient'),
      {
        maxAttempts: settings.maxRetries,
        backoff: new ExponentialBackoff({ initialDelay: 200, maxDelay: 5_000 }),
      },
    );
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
    const body = (await this.get('inadimplencia', '/relatorio/inadimplencia', {
      idClinica: externalId,
      dataVencimentoInicio: from,
      dataVencimentoFim: to,
      page: String(page),
      per_page: String(perPage),
    })) as WireReportPage | undefined;
    if (!body || body.success !== true || !Array.isArray(body.data)) {
      throw new ClinicApiError('transient', `delinquency report answered success=${String(body?.success)}`);
    }
    const items = body.data as WireReportItem[];
    const last =
      typeof body.last_page === 'number' && typeof body.current_page === 'number'
        ? body.current_page >= body.last_page
        : items.length < perPage;
    return { items, last };
  }

  async close(): Promise<void> {
    await this.#limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
    await this.#agent.close();
  }

  /** The parsed JSON body; undefined for a 404. */
  private get(endpoint: ClinicEndpoint, path: string, query: Record<string, string>): Promise<unknown> {
    return this.#retry.execute(() => this.#limiter.schedule(() => this.attempt(endpoint, path, query)));
  }

  private async attempt(
    endpoint: ClinicEndpoint,
    path: string,
    query: Record<string, string>,
  ): Promise<unknown> {
    const started = performance.now();
    let outcome: ClinicRequestOutcome = 'transient';
    try {
      const params = new URLSearchParams({ ...query, api_token: this.settings.apiKey });
      const response = await request(`${this.settings.baseUrl}${path}?${params.toString()}`, {
        method: 'GET',
        headers: { accept: 'application/json' },
        dispatcher: this.#agent,
        headersTimeout: this.settings.timeoutMs,
        bodyTimeout: this.settings.timeoutMs,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      const text = await response.body.text();
      const json = parseJson(text);
      const status = response.statusCode;
      if (status === 404) {
        outcome = 'not_found';
        return undefined;
      }
      if (status === 401 || status === 403) {
        outcome = 'auth';
        throw new ClinicApiError(
          'auth',
          `the clinic API refused the token (${status}${messageOf(json)})`,
          status,
        );
      }
      if (status === 422 || status === 400) {
        outcome = 'invalid';
        throw new ClinicApiError(
          'invalid',
          `the clinic API rejected the request (${status}${messageOf(json)})`,
          status,
        );
      }
      if (status === 429 || status >= 500) {
        throw new ClinicApiError('transient', `the clinic API answered ${status}${messageOf(json)}`, status);
      }
      if (status !== 200 || json === undefined) {
        outcome = 'protocol';
        throw new ClinicApiError('protocol', `the clinic API answered ${status} without JSON`, status);
      }
      outcome = 'ok';
      return json;
    } catch (error) {
      if (error instanceof ClinicApiError) throw error;
      // Timeouts, resets, refused connections: the request may be retried (reads only).
      const code = (error as { code?: string }).code ?? (error as Error).name;
      throw new ClinicApiError('transient', `the clinic API could not be read (${code})`);
    } finally {
      this.observe({ endpoint, outcome, durationMs: performance.now() - started });
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function messageOf(json: unknown): string {
  const message = (json as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
}
