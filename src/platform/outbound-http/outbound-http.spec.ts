import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { eventually } from '../../../test/support/eventually';
import { untilOnFakeClock, useFakeClock } from '../../../test/support/fake-clock';
import { installOutboundPolicy } from '../access/outbound/guarded-connect';
import { OutboundUrlPolicy } from '../access/outbound/outbound-url-policy';
import { OutboundCircuitOpenError, OutboundError } from './outbound-errors';
import { OutboundHttp } from './outbound-http';
import { OutboundHttpMetrics } from './outbound-metrics';
import type { OutboundAttemptEvent, OutboundHttpOptions } from './outbound-types';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

describe('OutboundHttp against a local HTTP server', () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  let hits: number[];
  let inFlight = 0;
  let maxInFlight = 0;
  const held: ServerResponse[] = [];
  const clients: OutboundHttp[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(Date.now());
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('close', () => (inFlight -= 1));
      req.resume();
      req.on('end', () => handler(req, res, hits.length));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    hits = [];
    maxInFlight = 0;
  });
  afterEach(async () => {
    for (const res of held.splice(0)) res.destroy();
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const client = (options: Partial<OutboundHttpOptions> = {}) => {
    const http = new OutboundHttp({
      integration: 'test',
      timeoutMs: 2_000,
      concurrency: 4,
      retry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 20 },
      ...options,
    });
    clients.push(http);
    return http;
  };
  const answer =
    (status: number, body = '', headers: Record<string, string> = {}) =>
    (res: ServerResponse) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error,
    );

  it('retries a GET answered 503, then returns the success (JSON parsed)', async () => {
    handler = (_req, res, hit) => (hit === 1 ? answer(503)(res) : answer(200, '{"ok":true}')(res));
    const events: OutboundAttemptEvent[] = [];
    const result = await client().call(
      { method: 'GET', url: `${base}/x` },
      { onAttempt: (event) => events.push(event) },
    );
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ ok: true });
    expect(hits).toHaveLength(2);
    expect(events.map((e) => [e.outcome, e.retrying])).toEqual([
      ['server_error', true],
      ['ok', false],
    ]);
  });

  it('builds the request of each attempt afresh when given a builder (signed requests, new nonce)', async () => {
    const nonces: string[] = [];
    handler = (req, res, hit) => {
      nonces.push(String(req.headers['x-nonce']));
      (hit === 1 ? answer(503) : answer(200, '{}'))(res);
    };
    const result = await client().call((attempt) => ({
      method: 'POST',
      url: `${base}/x`,
      headers: { 'x-nonce': `n${attempt}` },
      idempotent: true,
    }));
    expect(result.status).toBe(200);
    expect(nonces).toEqual(['n1', 'n2']);
  });

  it('does not retry a 400, and returns it for the client to map', async () => {
    handler = (_req, res) => answer(400, '{"error":"bad"}')(res);
    const result = await client().call({ method: 'GET', url: `${base}/x` });
    expect(result.status).toBe(400);
    expect(hits).toHaveLength(1);
  });

  it('returns the last transient answer once the attempts are spent', async () => {
    handler = (_req, res) => answer(502, 'bad gateway')(res);
    const result = await client().call({ method: 'GET', url: `${base}/x` });
    expect(result.status).toBe(502);
    expect(result.json).toBeUndefined();
    expect(hits).toHaveLength(3);
  });

  it('does not repeat a POST after a timeout: it may have been processed (maybeSent)', async () => {
    handler = (_req, res) => held.push(res);
    const error = await failureOf(
      client({ timeoutMs: 200 }).call({ method: 'POST', url: `${base}/x`, body: '{}' }),
    );
    expect(error).toBeInstanceOf(OutboundError);
    expect(error).toMatchObject({ kind: 'timeout', maybeSent: true, neverSent: false });
    expect(hits).toHaveLength(1);
  });

  it('repeats a POST marked idempotent after a timeout', async () => {
    handler = (_req, res, hit) => (hit === 1 ? held.push(res) : answer(201, '{}')(res));
    const result = await client({ timeoutMs: 300 }).call({
      method: 'POST',
      url: `${base}/x`,
      body: '{}',
      idempotent: true,
    });
    expect(result.status).toBe(201);
    expect(hits).toHaveLength(2);
  });

  it('retries a POST whose connection was never made (neverSent), up to maxAttempts', async () => {
    const closed = await closedPort();
    const events: OutboundAttemptEvent[] = [];
    const error = await failureOf(
      client().call(
        { method: 'POST', url: `http://127.0.0.1:${closed}/x`, body: '{}' },
        { onAttempt: (event) => events.push(event) },
      ),
    );
    expect(error).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', neverSent: true, maybeSent: false });
    expect(events.map((e) => e.retrying)).toEqual([true, true, false]);
  });

  it('does not retry a POST answered 503 unless the client says the error shape is transient', async () => {
    handler = (_req, res, hit) =>
      hit === 1 ? answer(503, '{"type":"error"}')(res) : answer(200, '{"id":7}')(res);
    const plain = await client().call({ method: 'POST', url: `${base}/x`, body: '{}' });
    expect(plain.status).toBe(503);
    hits = [];
    const read = (a: { status: number; json: unknown }) => {
      if (a.status === 503) throw new Error('UNPROCESSED');
      return a.json;
    };
    const mapped = await client({
      retry: {
        maxAttempts: 3,
        initialDelayMs: 10,
        retryOn: ({ error }) => (error instanceof Error && error.message === 'UNPROCESSED') || undefined,
      },
    }).call({ method: 'POST', url: `${base}/x`, body: '{}' }, { read });
    expect(mapped).toEqual({ id: 7 });
    expect(hits).toHaveLength(2);
  });

  it('honours Retry-After on a 429, and returns the 429 when the wait is longer than allowed', async () => {
    handler = (_req, res, hit) =>
      hit === 1 ? answer(429, '', { 'retry-after': '1' })(res) : answer(200, '{}')(res);
    const attempts: OutboundAttemptEvent[] = [];
    const result = await client().call(
      { method: 'GET', url: `${base}/x` },
      { onAttempt: (event) => attempts.push(event) },
    );
    expect(result.status).toBe(200);
    // the wait the server asked for, not the client's own 10 ms backoff
    expect(attempts.map((a) => [a.status, a.retryInMs])).toEqual([
      [429, 1_000],
      [200, undefined],
    ]);

    hits = [];
    handler = (_req, res) => answer(429, '', { 'retry-after': '120' })(res);
    const limited = await client().call({ method: 'GET', url: `${base}/x` });
    expect(limited.status).toBe(429);
    expect(hits).toHaveLength(1);
  });

  it('opens the circuit after consecutive failures: the next call is not attempted', async () => {
    handler = (_req, res) => answer(500)(res);
    const http = client({ retry: undefined, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 3; i++)
      expect((await http.call({ method: 'GET', url: `${base}/x` })).status).toBe(500);
    const error = await failureOf(http.call({ method: 'GET', url: `${base}/x` }));
    expect(error).toBeInstanceOf(OutboundCircuitOpenError);
    expect(error).toMatchObject({ kind: 'circuit_open', neverSent: true });
    expect(hits).toHaveLength(3);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    handler = (_req, res) => held.push(res);
    const http = client({ concurrency: 2, timeoutMs: 10_000 });
    const all = Promise.all(Array.from({ length: 7 }, () => http.call({ method: 'GET', url: `${base}/x` })));
    for (let released = 0; released < 7; released++) {
      await eventually(() => held.length === Math.min(2, 7 - released), { description: 'calls in flight' });
      expect(inFlight).toBeLessThanOrEqual(2);
      answer(200, '{}')(held.shift()!);
    }
    await all;
    expect(maxInFlight).toBe(2);
  });

  it('paces calls at requestsPerSecond: one start every 1000/rps ms, even with room to run them all', async () => {
    // the limiter's clock is faked (the server records arrivals on it too); sockets keep real time
    useFakeClock();
    try {
      handler = (_req, res) => answer(200, '{}')(res);
      const paced = client({ concurrency: 5, requestsPerSecond: 20 });
      const all = Promise.all(
        Array.from({ length: 5 }, () => paced.call({ method: 'GET', url: `${base}/x` })),
      );
      for (let arrived = 1; arrived <= 5; arrived++) {
        await untilOnFakeClock(() => hits.length === arrived, `call ${arrived} to arrive`);
        jest.advanceTimersByTime(50);
      }
      await all;
      expect(hits.map((at) => at - hits[0]!)).toEqual([0, 50, 100, 150, 200]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('an abort while queued leaves the queue, and is not an OutboundError', async () => {
    handler = (_req, res) => held.push(res);
    const http = client({ concurrency: 1, timeoutMs: 5_000, retry: undefined });
    const first = failureOf(http.call({ method: 'GET', url: `${base}/first` }));
    const abort = new AbortController();
    const second = failureOf(http.call({ method: 'GET', url: `${base}/second` }, { signal: abort.signal }));
    abort.abort(new Error('caller gave up'));
    expect(await second).toMatchObject({ message: 'caller gave up' });
    await eventually(() => held.length === 1, { description: 'the first call to reach the server' });
    for (const res of held.splice(0)) res.destroy();
    expect(await first).toMatchObject({ kind: 'network', maybeSent: true });
    expect(hits).toHaveLength(1);
  });

  it('connects through the SSRF guard: a loopback address is refused before anything is sent, never retried', async () => {
    handler = (_req, res) => answer(200, '{}')(res);
    installOutboundPolicy(
      new OutboundUrlPolicy({ allowPrivateNetworks: false, allowedHosts: [], trustedUrls: [] }),
    );
    try {
      const error = await failureOf(client().call({ method: 'GET', url: `${base}/latest/meta-data` }));
      expect(error).toMatchObject({ kind: 'refused', neverSent: true });
      expect(hits).toHaveLength(0);
    } finally {
      installOutboundPolicy(undefined);
    }
  });

  it('fails an answer larger than maxResponseBytes as too_large', async () => {
    handler = (_req, res) => answer(200, 'x'.repeat(4096))(res);
    const error = await failureOf(
      client({ maxResponseBytes: 1024 }).call({ method: 'GET', url: `${base}/big` }),
    );
    expect(error).toMatchObject({ kind: 'too_large', neverSent: false });
    expect((await client().call({ method: 'GET', url: `${base}/big` })).text).toHaveLength(4096);
  });

  it('masks secrets in error messages, and leaves the query string out', async () => {
    const closed = await closedPort();
    const secret = 's3cr3t-T0ken';
    const error = await failureOf(
      client({ redact: [secret], retry: undefined }).call({
        method: 'POST',
        url: `http://127.0.0.1:${closed}/webhooks/1/${secret}?key=other-secret`,
      }),
    );
    expect((error as Error).message).toContain('/webhooks/1/***');
    expect((error as Error).message).not.toContain(secret);
    expect((error as Error).message).not.toContain('other-secret');
  });

  it('masks the secrets of one call too (a token in a webhook URL)', async () => {
    const closed = await closedPort();
    const error = await failureOf(
      client({ retry: undefined }).call(
        { method: 'POST', url: `http://127.0.0.1:${closed}/api/webhooks/9/tok-en-123` },
        { redact: ['tok-en-123'] },
      ),
    );
    expect((error as Error).message).toContain('/api/webhooks/9/***');
  });

  it('counts attempts by integration and outcome, every outcome exported from the start', async () => {
    const registry = new Registry();
    const metrics = OutboundHttpMetrics.in(registry);
    handler = (_req, res, hit) => (hit === 1 ? answer(503)(res) : answer(200, '{}')(res));
    await client({ integration: 'acme', metrics }).call({ method: 'GET', url: `${base}/x` });
    const text = await registry.metrics();
    expect(text).toContain('regua_outbound_requests_total{integration="acme",outcome="server_error"} 1');
    expect(text).toContain('regua_outbound_requests_total{integration="acme",outcome="ok"} 1');
    expect(text).toContain('regua_outbound_requests_total{integration="acme",outcome="timeout"} 0');
    expect(text).toContain('regua_outbound_request_duration_seconds_count{integration="acme"} 2');
  });
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
