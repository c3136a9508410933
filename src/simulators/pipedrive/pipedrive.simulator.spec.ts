import { startSimulators } from '../index';
import { SimulatorControl } from '../host/simulator-control';
import type { SimulatorHost } from '../host/simulator-host';
import { PIPEDRIVE_DEMO_CREDENTIALS, pipedriveDocumentFieldKey, type PipedriveData } from './pipedrive-state';

interface Envelope<T = unknown> {
  success: boolean;
  data: T;
  additional_data: Record<string, unknown> | null;
  error?: string;
  error_info?: string;
}

describe('Pipedrive simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let base: string;

  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    token: string | null = PIPEDRIVE_DEMO_CREDENTIALS.apiToken,
  ) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { 'x-api-token': token } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Envelope<T>,
    };
  };

  beforeAll(async () => {
    host = await startSimulators(['pipedrive'], { seed: 7 });
    control = new SimulatorControl(host.controlUrlOf('pipedrive'));
    base = host.urlOf('pipedrive');
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  it('refuses a missing or wrong token with the Pipedrive error envelope', async () => {
    for (const token of [null, 'wrong']) {
      const res = await call('GET', '/v1/pipelines', undefined, token);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        success: false,
        error: 'You need to be authorized to make this request.',
        error_info: 'Please check developers.pipedrive.com',
        data: null,
        additional_data: null,
      });
    }
    const viaQuery = await fetch(`${base}/v1/pipelines?api_token=${PIPEDRIVE_DEMO_CREDENTIALS.apiToken}`);
    expect(viaQuery.status).toBe(200);
  });

  it('finds a person by CPF in the custom field (exact match) and lists their open deals', async () => {
    const data = await control.data<PipedriveData>();
    expect(data.documentFieldKey).toBe(pipedriveDocumentFieldKey(7));
    const person = await control.modify<{ id: number }>({
      action: 'addPerson',
      name: 'Maria',
      document: '12345678909',
    });
    await control.modify({ action: 'addDeal', title: 'Plano', personId: person.id, value: 100 });
    await control.modify({ action: 'addDeal', title: 'Antigo', personId: person.id, status: 'won' });
    const search = await call<{
      items: Array<{ item: { id: number; type: string; custom_fields: string[] } }>;
    }>('GET', '/api/v2/persons/search?term=12345678909&fields=custom_fields&exact_match=true');
    expect(search.status).toBe(200);
    expect(search.body.data.items.map((i) => i.item.id)).toEqual([person.id]);
    expect(search.body.data.items[0]!.item).toMatchObject({ type: 'person', custom_fields: ['12345678909'] });
    expect(search.body.additional_data).toEqual({ next_cursor: null });
    const deals = await call<Array<{ title: string; status: string }>>(
      'GET',
      `/api/v2/deals?person_id=${person.id}&status=open`,
    );
    expect(deals.body.data.map((d) => d.title)).toEqual(['Plano']);
    const short = await call('GET', '/api/v2/persons/search?term=1');
    expect(short.status).toBe(400);
    expect(short.body.success).toBe(false);
  });

  it('creates a person, a deal in a pipeline/stage and a note; deals are found by a marker in their title', async () => {
    const key = (await control.data<PipedriveData>()).documentFieldKey;
    const person = await call<{ id: number }>('POST', '/api/v2/persons', {
      name: 'João',
      custom_fields: { [key]: '98765432100' },
    });
    expect(person.status).toBe(200);
    const deal = await call<{ id: number; pipeline_id: number; stage_id: number; value: number }>(
      'POST',
      '/api/v2/deals',
      {
        title: 'Cobrança João [regua-caso:abc]',
        person_id: person.body.data.id,
        value: 250.5,
        pipeline_id: 2,
        stage_id: 3,
      },
    );
    expect(deal.body.data).toMatchObject({ pipeline_id: 2, stage_id: 3, value: 250.5 });
    const note = await call('POST', '/v1/notes', { content: 'Caso aberto', deal_id: deal.body.data.id });
    expect(note.status).toBe(201);
    const found = await call<{ items: Array<{ item: { id: number; notes: string[] } }> }>(
      'GET',
      `/api/v2/deals/search?term=${encodeURIComponent('[regua-caso:abc]')}&fields=title`,
    );
    expect(found.body.data.items.map((i) => i.item.id)).toEqual([deal.body.data.id]);
    expect(found.body.data.items[0]!.item.notes).toEqual(['Caso aberto']);
    const badStage = await call('POST', '/api/v2/deals', { title: 'x', pipeline_id: 1, stage_id: 3 });
    expect(badStage.status).toBe(400);
    const badJson = await call('POST', '/api/v2/deals', '{"title":');
    expect(badJson.body).toMatchObject({ success: false, error: 'Invalid JSON in request body' });
    expect((await call('GET', '/api/v2/deals/999999')).status).toBe(404);
  });

  it('limits the Search API to its burst per 2 s window with x-ratelimit-* headers and a 429 envelope', async () => {
    await control.modify({ action: 'setRateLimit', search: 2, windowMs: 60_000 });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 3; i++) {
      last = await call('GET', '/api/v2/persons/search?term=ana');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last!.headers.get('x-ratelimit-limit')).toBe('2');
    expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(last!.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    expect(last!.body).toMatchObject({ success: false, error: 'Request over limit', data: null });
    // The general bucket is separate.
    expect((await call('GET', '/v1/pipelines')).status).toBe(200);
  });

  it('pages v2 lists with a cursor and v1 lists with start', async () => {
    const person = await control.modify<{ id: number }>({ action: 'addPerson', name: 'Paula' });
    for (let i = 0; i < 3; i++)
      await control.modify({ action: 'addDeal', title: `D${i}`, personId: person.id });
    const first = await call<unknown[]>('GET', `/api/v2/deals?person_id=${person.id}&limit=2`);
    expect(first.body.data).toHaveLength(2);
    const cursor = first.body.additional_data!.next_cursor as string;
    const second = await call<unknown[]>(
      'GET',
      `/api/v2/deals?person_id=${person.id}&limit=2&cursor=${cursor}`,
    );
    expect(second.body.data).toHaveLength(1);
    expect(second.body.additional_data!.next_cursor).toBeNull();
    const v1 = await call<unknown[]>('GET', `/v1/persons/${person.id}/deals?start=0&limit=2`);
    expect(v1.body.additional_data!.pagination).toEqual({
      start: 0,
      limit: 2,
      more_items_in_collection: true,
      next_start: 2,
    });
    expect((await call('GET', '/api/v2/deals?cursor=garbage')).status).toBe(400);
  });
});
