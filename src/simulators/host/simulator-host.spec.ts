import { mulberry32, randomInt } from './prng';
import { SimulatorInputError, type SimulatorDefinition } from './simulator';
import { SimulatorControl, SimulatorControlError } from './simulator-control';
import { SimulatorHost } from './simulator-host';
import { eventually } from '../../../test/support/eventually';
import { answeredAfterLatency } from '../../../test/support/simulated-latency';

interface ShelfState {
  books: string[];
}

/** A test-only fake: seeded books, a list/read/create wire API and a validated modify. */
const shelf: SimulatorDefinition<ShelfState> = {
  name: 'shelf',
  description: 'test-only bookshelf',
  createState: ({ seed }) => {
    const random = mulberry32(seed);
    return { books: Array.from({ length: 3 }, () => `book-${randomInt(random, 1000, 9999)}`) };
  },
  mount(router, state) {
    router.get('/books', (_req, res) => {
      res.json(state.books);
    });
    router.get('/books/:index', (req, res) => {
      res.json({ title: state.books[Number(req.params.index)] });
    });
  },
  inspect: (state) => ({ books: state.books }),
  modify(state, body) {
    const title = (body as { title?: unknown } | undefined)?.title;
    if (typeof title !== 'string') throw new SimulatorInputError('title must be a string');
    state.books.push(title);
    return { books: state.books };
  },
};

const readOnly: SimulatorDefinition<null> = {
  name: 'read-only',
  description: 'test-only simulator without modify',
  createState: () => null,
  mount(router) {
    router.get('/ping', (_req, res) => {
      res.json({ pong: true });
    });
  },
  inspect: () => ({}),
};

describe('SimulatorHost', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let base: string;

  beforeAll(async () => {
    host = await SimulatorHost.start([shelf, readOnly], { seed: 7 });
    control = new SimulatorControl(host.controlUrlOf('shelf'));
    base = host.urlOf('shelf');
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  it('mounts each simulator under /<name> with its control API under /<name>/__control', async () => {
    expect(host.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.names).toEqual(['shelf', 'read-only']);
    expect(host.urlOf('shelf')).toBe(`${host.baseUrl}/shelf`);
    expect(host.controlUrlOf('shelf')).toBe(`${host.baseUrl}/shelf/__control`);
    expect(() => host.urlOf('nope')).toThrow('Unknown simulator "nope"; this host runs: shelf, read-only');
    expect(() => host.stateOf('nope')).toThrow(/Unknown simulator/);

    const response = await fetch(`${base}/books`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(host.stateOf<ShelfState>('shelf').books);
  });

  it('delays every wire request by latencyMs', async () => {
    await control.setFaults({ latencyMs: 200 });
    const response = await answeredAfterLatency(control, 200, () => fetch(`${base}/books`));
    expect(response.status).toBe(200);
  });

  it('answers the configured error verbatim, with its content type and headers', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    await control.setFaults({
      errorRate: 1,
      error: { status: 502, body: html, contentType: 'text/html', headers: { 'X-Proxy': 'nginx' } },
    });
    const response = await fetch(`${base}/books`);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('x-proxy')).toBe('nginx');
    expect(await response.text()).toBe(html);
  });

  it('applies the error only `times` times, then lets the real handler answer', async () => {
    await control.setFaults({ error: { status: 503, body: { error: 'maintenance' } }, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${base}/books`)).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('draws errors from a seeded PRNG, so the same config replays the same sequence', async () => {
    const run = async () => {
      await control.setFaults({ errorRate: 0.5, error: { status: 500, body: 'boom' } });
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await fetch(`${base}/books`)).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it('answers 429 with Retry-After once the fixed window is used up', async () => {
    await control.setFaults({ rateLimit: { limit: 2, windowMs: 60_000, body: { error: 'slow down' } } });
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await fetch(`${base}/books`));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 429]);
    expect(responses[2].headers.get('retry-after')).toBe('60');
    expect(await responses[2].json()).toEqual({ error: 'slow down' });
  });

  it('applies faults only to paths matching pathPattern', async () => {
    await control.setFaults({
      errorRate: 1,
      error: { status: 500, body: 'down' },
      pathPattern: '^/books/\\d+$',
    });
    expect((await fetch(`${base}/books`)).status).toBe(200);
    expect((await fetch(`${base}/books/1`)).status).toBe(500);
  });

  it('counts wire requests per route, but never control calls', async () => {
    await fetch(`${base}/books`);
    await fetch(`${base}/books/0`);
    await fetch(`${base}/books/1?x=1`);
    await fetch(`${base}/missing`);
    await control.data();
    await control.faults();

    const stats = await control.requests();
    expect(stats.count).toBe(4);
    expect(stats.byRoute).toEqual({ 'GET /books': 1, 'GET /books/:index': 2, 'GET (unmatched)': 1 });
    expect(stats.recent.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'GET', path: '/books', status: 200 },
      { method: 'GET', path: '/books/0', status: 200 },
      { method: 'GET', path: '/books/1', status: 200 },
      { method: 'GET', path: '/missing', status: 404 },
    ]);
    expect(Date.parse(stats.recent[0].at)).not.toBeNaN();

    await control.resetRequests();
    expect(await control.requests()).toEqual({ count: 0, byRoute: {}, recent: [] });
  });

  it('counts requests answered by a fault under their route', async () => {
    await control.setFaults({ errorRate: 1, error: { status: 500, body: 'down' } });
    await fetch(`${base}/books/2`);
    expect((await control.requests()).byRoute).toEqual({ 'GET /books/:index': 1 });
  });

  it('rejects a bad fault config with 400 {error} and keeps the active one', async () => {
    await control.setFaults({ latencyMs: 5 });
    const bad = [
      { errorRate: 2 },
      { latencyMs: -1 },
      { latency: 10 },
      { error: { status: 'x', body: 'boom' } },
      { rateLimit: { limit: 1 } },
      { pathPattern: '(' },
      { times: 2 },
      'not an object',
    ];
    for (const config of bad) {
      const response = await fetch(`${host.controlUrlOf('shelf')}/faults`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(config),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
    expect(await control.faults()).toEqual({ latencyMs: 5 });
    await expect(control.setFaults({ errorRate: -0.1 })).rejects.toBeInstanceOf(SimulatorControlError);
  });

  it('modifies data through the control API and validates the body', async () => {
    expect(await control.modify({ title: 'Dom Casmurro' })).toEqual({
      books: [...host.stateOf<ShelfState>('shelf').books],
    });
    await expect(control.modify({ title: 42 })).rejects.toMatchObject({ status: 400 });
    await expect(new SimulatorControl(host.controlUrlOf('read-only')).modify({})).rejects.toMatchObject({
      status: 405,
    });
  });

  it('reset restores the seeded state and clears faults and counters', async () => {
    const seeded = await control.data<{ books: string[] }>();
    await control.modify({ title: 'Memórias Póstumas' });
    await control.setFaults({ latencyMs: 50 });
    await fetch(`${base}/books`);

    await control.reset();
    expect(await control.data()).toEqual(seeded);
    expect(await control.faults()).toEqual({});
    expect((await control.requests()).count).toBe(0);
    expect(host.stateOf<ShelfState>('shelf').books).toEqual(seeded.books);
  });

  it('gives identical data to hosts started with the same seed', async () => {
    const [same, other] = await Promise.all([
      SimulatorHost.start([shelf], { seed: 7 }),
      SimulatorHost.start([shelf], { seed: 8 }),
    ]);
    try {
      const seeded = await control.data();
      expect(await new SimulatorControl(same.controlUrlOf('shelf')).data()).toEqual(seeded);
      expect(await new SimulatorControl(other.controlUrlOf('shelf')).data()).not.toEqual(seeded);
    } finally {
      await Promise.all([same.stop(), other.stop()]);
    }
  });

  it('hands each simulator its own settings, on start and on every reset', async () => {
    const sized: SimulatorDefinition<{ size: unknown }> = {
      name: 'sized',
      description: 'test-only simulator sized by its settings',
      createState: ({ settings }) => ({ size: settings?.size }),
      mount: () => undefined,
      inspect: (state) => state,
    };
    const sizedHost = await SimulatorHost.start([sized, shelf], {
      settings: { sized: { size: 3 }, shelf: { size: 9 } },
    });
    try {
      const sizedControl = new SimulatorControl(sizedHost.controlUrlOf('sized'));
      expect(await sizedControl.data()).toEqual({ size: 3 });
      await sizedControl.reset();
      expect(await sizedControl.data()).toEqual({ size: 3 });
    } finally {
      await sizedHost.stop();
    }
  });

  it('refuses duplicate or non url-safe simulator names', async () => {
    await expect(SimulatorHost.start([shelf, shelf])).rejects.toThrow('Simulator "shelf" is defined twice');
    await expect(SimulatorHost.start([{ ...shelf, name: 'Shelf/1' }])).rejects.toThrow(/url-safe/);
  });
});

describe('SimulatorHost timeout fault', () => {
  it('leaves the request hanging until the client gives up, and still stops promptly', async () => {
    const host = await SimulatorHost.start([shelf]);
    const control = new SimulatorControl(host.controlUrlOf('shelf'));
    await control.setFaults({ timeout: true, pathPattern: '^/books$' });
    const statuses = async () => (await control.requests()).recent.map((r) => `${r.path} ${r.status}`);

    const giveUp = new AbortController();
    const hung = fetch(`${host.urlOf('shelf')}/books`, { signal: giveUp.signal });
    await eventually(async () => (await statuses()).length === 1, { description: 'the request to arrive' });
    // A request sent after it, outside the pattern, is answered while the first still hangs.
    expect((await fetch(`${host.urlOf('shelf')}/books/0`)).status).toBe(200);
    expect(await statuses()).toEqual(['/books 0', '/books/0 200']);
    giveUp.abort();
    await expect(hung).rejects.toThrow();
    // a second hung request is still open while the host stops
    const pending = fetch(`${host.urlOf('shelf')}/books`);
    pending.catch(() => undefined); // asserted below; keeps the rejection from being reported as unhandled
    await eventually(async () => (await statuses()).length === 3, {
      description: 'the second request to hang',
    });

    await host.stop();
    await host.stop();
    await expect(pending).rejects.toThrow('fetch failed');
  });

  it('honours times for timeouts, so a client retry succeeds', async () => {
    const host = await SimulatorHost.start([shelf]);
    try {
      const control = new SimulatorControl(host.controlUrlOf('shelf'));
      await control.setFaults({ timeout: true, times: 1 });
      const giveUp = new AbortController();
      const hung = fetch(`${host.urlOf('shelf')}/books`, { signal: giveUp.signal });
      await eventually(async () => (await control.requests()).count === 1, { description: 'the request' });
      // the client gives up on the hung request and retries
      giveUp.abort();
      await expect(hung).rejects.toThrow();
      expect((await fetch(`${host.urlOf('shelf')}/books`)).status).toBe(200);
      expect((await control.requests()).recent.map((r) => r.status)).toEqual([0, 200]);
    } finally {
      await host.stop();
    }
  });
});
