import { Agent, request } from 'undici';
import { guardedConnect } from '../../../../platform/access/outbound/guarded-connect';
import { CrmUnavailableError } from '../../debt-escalation.errors';
import { envelopeData, retryAfterMs, type PipedriveAnswer } from './pipedrive-response';
import type { PipedriveSettings } from './pipedrive-settings';

/** How long one call may wait in total on 429s before giving the intent back to the job (put off). */
const MAX_RATE_LIMIT_WAIT_MS = 10_000;
const MAX_TRANSIENT_RETRIES = 2;

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
 * Pipedrive's v2 API (v1 for notes), token in `x-api-token`. Every call has a deadline; a 429 is
 * honoured (waits `Retry-After` / `x-ratelimit-reset`, within a bound, then surfaces with the delay);
 * GETs retry transient failures with jittered backoff; POSTs never retry here (the caller reconciles).
 */
export class PipedriveClient {
  private readonly agent: Agent;

  constructor(
    private readonly settings: PipedriveSettings,
    private readonly observe: CallObserver = () => undefined,
    private readonly wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms).unref()),
  ) {
    this.agent = new Agent({ connect: guardedConnect({ timeout: Math.min(settings.timeoutMs, 5_000) }) });
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  async searchPersons(term: string, fields: string, exact: boolean): Promise<Array<{ id: number; name: string; custom_fields: string[] }>> {
    const query = new URLSearchParams({ term, fields, exact_match: String(exact), limit: '10' });
    const { data } = await this.get<{ items: Array<SearchItem<{ id: number; name: string; custom_fields: string[] }>> }>(
      'search_person',
      `/api/v2/persons/search?${query}`,
    );
    return (data?.items ?? []).map((i) => i.item);
  }

  async searchDeals(term: string): Promise<PipedriveDealRecord[]> {
    const query = new URLSearchParams({ term, fields: 'title', exact_match: 'false', limit: '10' });
    const { data } = await this.get<{
      items: Array<SearchItem<{ id: number; title: string; status: string; person: { id: number } | null }>>;
    }>('search_deal', `/api/v2/deals/search?${query}`);
    return (data?.items ?? []).map(({ item }) => ({
      id: item.id,
      title: item.title,
      person_id: item.person?.id ?? null,
      status: item.status,
    }));
  }

  /** Every open deal of a person, following the cursor. */
  async openDealsOf(personId: number): Promise<PipedriveDealRecord[]> {
    const deals: PipedriveDealRecord[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const query = new URLSearchParams({ person_id: String(personId), status: 'open', limit: '100' });
      if (cursor) query.set('cursor', cursor);
      const { data, additional } = await this.get<PipedriveDealRecord[]>('list_deals', `/api/v2/deals?${query}`);
      deals.push(...(data ?? []));
      cursor = typeof additional.next_cursor === 'string' ? additional.next_cursor : null;
      if (!cursor) break;
    }
    return deals;
  }

  async createPerson(body: Record<string, unknown>): Promise<{ id: number; name: string }> {
    return (await this.post<{ id: number; name: string }>('create_person', '/api/v2/persons', body)).data;
  }

  async createDeal(body: Record<string, unknown>): Promise<PipedriveDealRecord> {
    return (await this.post<PipedriveDealRecord>('create_deal', '/api/v2/deals', body)).data;
  }

  async addNote(body: Record<string, unknown>): Promise<void> {
    await this.post('add_note', '/v1/notes', body);
  }

  private get<T>(operation: string, path: string) {
    return this.call<T>(operation, 'GET', path, undefined, MAX_TRANSIENT_RETRIES);
  }

  private post<T>(operation: string, path: string, body: Record<string, unknown>) {
    return this.call<T>(operation, 'POST', path, JSON.stringify(body), 0);
  }

  private async call<T>(operation: string, method: 'GET' | 'POST', path: string, body: string | undefined, retries: number) {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      let answer: PipedriveAnswer;
      try {
        answer = await this.send(method, path, body);
      } catch (error) {
        this.observe(operation, 'error');
        if (attempt < retries) {
          await this.wait(250 * 2 ** attempt + Math.random() * 250);
          continue;
        }
        throw new CrmUnavailableError(`Pipedrive ${operation}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (answer.status === 429) {
        this.observe(operation, 'rate_limited');
        const delay = retryAfterMs(answer);
        // A 429 was refused before any work: retrying a POST is safe too.
        if (waited + delay <= MAX_RATE_LIMIT_WAIT_MS) {
          waited += delay;
          await this.wait(delay);
          continue;
        }
        return envelopeData<T>(answer, operation);
      }
      if (answer.status >= 500 && attempt < retries) {
        this.observe(operation, 'error');
        await this.wait(250 * 2 ** attempt + Math.random() * 250);
        continue;
      }
      try {
        const result = envelopeData<T>(answer, operation);
        this.observe(operation, 'ok');
        return result;
      } catch (error) {
        this.observe(operation, 'error');
        throw error;
      }
    }
  }

  private async send(method: string, path: string, body: string | undefined): Promise<PipedriveAnswer> {
    const response = await request(`${this.settings.baseUrl}${path}`, {
      method: method as 'GET',
      headers: {
        accept: 'application/json',
        'x-api-token': this.settings.apiToken,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body,
      dispatcher: this.agent,
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    const text = await response.body.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, headers: response.headers, json };
  }
}
