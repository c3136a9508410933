import {
  OutboundError,
  OutboundHttp,
  type HttpAnswer,
  type OutboundAttemptEvent,
  type OutboundHttpMetrics,
} from '../../../../platform/outbound-http';
import { CrmUnavailableError } from '../../domain/debt-escalation.errors';
import { envelopeData, retryAfterMs } from './pipedrive-response';
import type { PipedriveSettings } from './pipedrive-settings';

/** A 429 asking for a longer wait is not waited out in the call: the intent is put off instead. */
const MAX_RATE_LIMIT_WAIT_MS = 10_000;

export interface PipedriveDealRecord {
  id: number;
  title: string;
  person_id: number | null;
  status: string;
}

interface SearchItem<T> {
  result_score: number;
  item: T;
}

export type CallObserver = (operation: string, outcome: 'ok' | 'rate_limited' | 'error') => void;

/**
 * Pipedrive's v2 API (v1 for notes) on the platform outbound stack, token in `x-api-token`. A 429 is
 * honoured (waits `Retry-After` / `x-ratelimit-reset` up to 10 s, then surfaces with the delay so the
 * caller puts the work off); any method may repeat after a 429, which Pipedrive refused before doing
 * anything. GETs retry transient failures; a POST whose answer was lost is never repeated here: the
 * caller reconciles (marker search) on its next attempt.
 */
export class PipedriveClient {
  readonly #http: OutboundHttp;

  constructor(
    private readonly settings: PipedriveSettings,
    private readonly observe: CallObserver = () => undefined,
    metrics?: OutboundHttpMetrics,
  ) {
    this.#http = new OutboundHttp({
      integration: 'pipedrive',
      timeoutMs: settings.timeoutMs,
      concurrency: 2,
      // The Search API allows 10 requests per 2 s per token.
      requestsPerSecond: 5,
      retry: {
        maxAttempts: 4,
        retryOn: ({ answer }) => {
          if (answer?.status !== 429) return undefined;
          const wait = retryAfterMs(answer);
          return wait <= MAX_RATE_LIMIT_WAIT_MS ? { afterMs: wait } : false;
        },
      },
      breaker: { consecutiveFailures: 5, halfOpenAfterMs: 30_000 },
      redact: [settings.apiToken],
      metrics,
    });
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  async searchPersons(
    term: string,
    fields: string,
    exact: boolean,
  ): Promise<Array<{ id: number; name: string; custom_fields: string[] }>> {
    const query = new URLSearchParams({ term, fields, exact_match: String(exact), limit: '10' });
    const { data } = await this.call<{
      items: Array<SearchItem<{ id: number; name: string; custom_fields: string[] }>>;
    }>('search_person', 'GET', `/api/v2/persons/search?${query}`);
    return (data?.items ?? []).map((i) => i.item);
  }

  async searchDeals(term: string): Promise<PipedriveDealRecord[]> {
    const query = new URLSearchParams({ term, fields: 'title', exact_match: 'false', limit: '10' });
    const { data } = await this.call<{
      items: Array<SearchItem<{ id: number; title: string; status: string; person: { id: number } | null }>>;
    }>('search_deal', 'GET', `/api/v2/deals/search?${query}`);
    return (data?.items ?? []).map(({ item }) => ({
      id: item.id,
      title: item.title,
      person_id: item.person?.id ?? null,
      status: item.status,
    }));
  }

  /** Every open deal of a person, following the cursor (at most 20 pages). */
  async openDealsOf(personId: number): Promise<PipedriveDealRecord[]> {
    const deals: PipedriveDealRecord[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const query = new URLSearchParams({ person_id: String(personId), status: 'open', limit: '100' });
      if (cursor) query.set('cursor', cursor);
      const { data, additional } = await this.call<PipedriveDealRecord[]>(
        'list_deals',
        'GET',
        `/api/v2/deals?${query}`,
      );
      deals.push(...(data ?? []));
      cursor = typeof additional.next_cursor === 'string' ? additional.next_cursor : null;
      if (!cursor) break;
    }
    return deals;
  }

  async createPerson(body: Record<string, unknown>): Promise<{ id: number; name: string }> {
    return (await this.call<{ id: number; name: string }>('create_person', 'POST', '/api/v2/persons', body))
      .data;
  }

  async createDeal(body: Record<string, unknown>): Promise<PipedriveDealRecord> {
    return (await this.call<PipedriveDealRecord>('create_deal', 'POST', '/api/v2/deals', body)).data;
  }

  async addNote(body: Record<string, unknown>): Promise<void> {
    await this.call('add_note', 'POST', '/v1/notes', body);
  }

  private async call<T>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    body?: Record<string, unknown>,
  ): Promise<{ data: T; additional: Record<string, unknown> }> {
    try {
      return await this.#http.call(
        {
          method,
          url: `${this.settings.baseUrl}${path}`,
          headers: {
            accept: 'application/json',
            'x-api-token': this.settings.apiToken,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        },
        {
          read: (answer: HttpAnswer) => envelopeData<T>(answer, operation),
          onAttempt: (event: OutboundAttemptEvent) => this.observe(operation, outcomeOf(event)),
        },
      );
    } catch (error) {
      if (error instanceof CrmUnavailableError) throw error;
      const message = error instanceof OutboundError ? error.message : String(error);
      throw new CrmUnavailableError(`Pipedrive ${operation}: ${this.#http.redact(message)}`);
    }
  }
}

function outcomeOf(event: OutboundAttemptEvent): 'ok' | 'rate_limited' | 'error' {
  if (event.status === 429) return 'rate_limited';
  return event.error === undefined && event.status !== undefined && event.status < 400 ? 'ok' : 'error';
}
