import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IxcClient, type IxcRequestEvent } from './ixc.client';
import {
  IxcAuthError,
  IxcHtmlError,
  IxcServerError,
  IxcTimeoutError,
  IxcUnexpectedResponseError,
} from './ixc-errors';
import { ixcConnectionSettings, type IxcConnectionInput } from './ixc-settings';
import { untilOnFakeClock, useFakeClock } from '../../../../../test/support/fake-clock';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (seen: Seen, res: ServerResponse) => void;

/** A bare HTTP server that records requests; wire-format behaviour is covered against the simulator. */
describe('IxcClient (transport)', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  let seen: Seen[];
  let events: IxcRequestEvent[];
  const clients: IxcClient[] = [];

  const client = (overrides: Partial<IxcConnectionInput> = {}) => {
    const created = new IxcClient(
      ixcConnectionSettings({
        baseUrl,
        user: '105',
        token: 's3cr3t-token',
        requestsPerSecond: 1000,
        ...overrides,
      }),
      { onRequest: (event) => events.push(event) },
    );
    clients.push(created);
    return created;
  };
  const json = (res: ServerResponse, body: unknown, status = 200) =>
    res.writeHead(status, { 'content-type': 'text/x-json' }).end(JSON.stringify(body));

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        seen.push(request);
        handler(request, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webservice/v1`;
  });
  beforeEach(() => {
    seen = [];
    events = [];
  });
  afterEach(async () => {
    jest.useRealTimers();
    await Promise.all(clients.splice(0).map((created) => created.close()));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('lists with POST, Basic user:token and "ixcsoft: listar", every body value a string', async () => {
    handler = (_, res) => json(res, { page: '1', total: 1, registros: [{ id: '1', senha: 'x' }] });
    const rows = await client().listAll('cliente');
    expect(rows).toEqual([{ id: '1' }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/webservice/v1/cliente' });
    expect(seen[0].headers.authorization).toBe(`Basic ${Buffer.from('105:s3cr3t-token').toString('base64')}`);
    expect(seen[0].headers.ixcsoft).toBe('listar');
    expect(seen[0].headers['content-type']).toBe('application/json');
    const body = JSON.parse(seen[0].body) as Record<string, unknown>;
    expect(body).toEqual({
      qtype: 'cliente.id',
      query: '',
      oper: '=',
      page: '1',
      rp: '1000',
      sortname: 'cliente.id',
      sortorder: 'asc',
    });
    expect(events).toEqual([
      { table: 'cliente', verb: 'list', outcome: 'ok', durationMs: expect.any(Number), status: 200 },
    ]);
  });

  it('sends the official GET with a JSON body when listMethod is get', async () => {
    handler = (_, res) => json(res, { registros: [] });
    await client({ listMethod: 'get' }).listAll('cliente_contrato', { rp: 5 });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/webservice/v1/cliente_contrato' });
    expect(JSON.parse(seen[0].body)).toMatchObject({ rp: '5', page: '1' });
  });

  it('pages until a short page, and refuses a server that ignores "page"', async () => {
    handler = ({ body }, res) => {
      const page = Number((JSON.parse(body) as { page: string }).page);
      json(res, {
        total: '5',
        registros: page < 3 ? [{ id: `${page}a` }, { id: `${page}b` }] : [{ id: '3a' }],
      });
    };
    const pages = [];
    for await (const page of client().listPages('cliente', { rp: 2 })) pages.push(page);
    expect(pages.map((page) => [page.page, page.rows.length, page.total])).toEqual([
      [1, 2, 5],
      [2, 2, 5],
      [3, 1, 5],
    ]);

    handler = (_, res) => json(res, { registros: [{ id: '1' }, { id: '2' }] });
    await expect(client().listAll('cliente', { rp: 2 })).rejects.toThrow(IxcUnexpectedResponseError);
    expect(seen.length).toBe(3 + 2);
  });

  it('inserts with "ixcsoft: Provedor" and a flat body, and returns the id', async () => {
    handler = (_, res) => json(res, { type: 'success', message: 'Registro salvo com sucesso!', id: '321' });
    const result = await client().insert('su_ticket', { id_cliente: '3', titulo: 'Atraso' });
    expect(result).toEqual({ id: '321', message: 'Registro salvo com sucesso!' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/webservice/v1/su_ticket' });
    expect(seen[0].headers.ixcsoft).toBe('Provedor');
    expect(JSON.parse(seen[0].body)).toEqual({ id_cliente: '3', titulo: 'Atraso' });
  });

  it('retries transient list failures with backoff and reports each attempt', async () => {
    let calls = 0;
    handler = (_, res) => {
      calls++;
      if (calls <= 2)
        res.writeHead(200, { 'content-type': 'text/html' }).end('<div>Ocorreu um erro ao processar.</div>');
      else json(res, { registros: [{ id: '1' }] });
    };
    expect(await client({ maxRetries: 2 }).listAll('cliente')).toEqual([{ id: '1' }]);
    expect(events.map((event) => event.outcome)).toEqual(['retry', 'retry', 'ok']);
  });

  it('gives up after maxRetries with the transient error', async () => {
    handler = (_, res) => res.writeHead(504).end('Gateway Time-out');
    await expect(client({ maxRetries: 1 }).listAll('cliente')).rejects.toBeInstanceOf(IxcServerError);
    expect(seen).toHaveLength(2);
    expect(events.map((event) => [event.outcome, event.status])).toEqual([
      ['retry', 504],
      ['error', 504],
    ]);
  });

  it('does not retry permanent errors', async () => {
    handler = (_, res) => res.writeHead(401).end();
    await expect(client().listAll('cliente')).rejects.toBeInstanceOf(IxcAuthError);
    expect(seen).toHaveLength(1);
    expect(events.map((event) => event.outcome)).toEqual(['error']);
  });

  it('does not repeat a write IXC may have processed, but does repeat one it refused unprocessed', async () => {
    handler = (_, res) => res.writeHead(200).end('<div>Ocorreu um erro ao processar.</div>');
    await expect(client().insert('su_ticket', { titulo: 'x' })).rejects.toBeInstanceOf(IxcHtmlError);
    expect(seen).toHaveLength(1);

    let calls = 0;
    handler = (_, res) =>
      ++calls === 1 ? res.writeHead(503).end() : json(res, { type: 'success', id: '9' });
    expect(await client().action('cliente_contrato_15300', { id_contrato: '10' })).toEqual({
      type: 'success',
      id: '9',
    });
    expect(seen).toHaveLength(3);
  });

  it('times out an attempt that gets no answer, and retries lists', async () => {
    handler = () => undefined;
    await expect(client({ timeoutMs: 150, maxRetries: 1 }).listAll('cliente')).rejects.toBeInstanceOf(
      IxcTimeoutError,
    );
    expect(seen).toHaveLength(2);
    expect(events.map((event) => event.outcome)).toEqual(['retry', 'error']);

    seen = [];
    await expect(client({ timeoutMs: 150 }).insert('su_ticket', { titulo: 'x' })).rejects.toBeInstanceOf(
      IxcTimeoutError,
    );
    expect(seen).toHaveLength(1);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    const controller = new AbortController();
    handler = () => controller.abort();
    await expect(
      client({ timeoutMs: 10_000 }).listAll('cliente', {}, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
  });

  it('maps a refused connection to a transient network error', async () => {
    const closed = new IxcClient(
      ixcConnectionSettings({
        baseUrl: 'http://127.0.0.1:1/webservice/v1',
        user: '1',
        token: 't',
        maxRetries: 0,
      }),
    );
    clients.push(closed);
    await expect(closed.listAll('cliente')).rejects.toMatchObject({
      name: 'IxcNetworkError',
      transient: true,
      causeCode: 'ECONNREFUSED',
    });
  });

  it('spaces request starts to respect requestsPerSecond', async () => {
    useFakeClock();
    const arrivals: number[] = [];
    handler = (_, res) => {
      arrivals.push(Date.now());
      json(res, { registros: [] });
    };
    const limited = client({ requestsPerSecond: 20, concurrency: 4 });
    const start = Date.now();
    let done = false;
    const calls = Promise.all(Array.from({ length: 6 }, () => limited.listAll('cliente'))).finally(
      () => (done = true),
    );
    // The clock moves only once the previous start arrived: a start not held back arrives early.
    for (let started = 1; started < 6; started++) {
      await untilOnFakeClock(() => arrivals.length >= started, `request ${started} to arrive`);
      jest.advanceTimersByTime(50);
    }
    await untilOnFakeClock(() => done, 'every call to end');
    await calls;
    expect(arrivals.map((at) => at - start)).toEqual([0, 50, 100, 150, 200, 250]);
  });

  it('never exposes the token through the client object', () => {
    const created = client();
    expect(JSON.stringify(created)).not.toContain('s3cr3t');
    expect(Object.values(created).join()).not.toContain('s3cr3t');
  });

  it('keeps working when a metrics hook throws', async () => {
    handler = (_, res) => json(res, { registros: [] });
    const fragile = new IxcClient(ixcConnectionSettings({ baseUrl, user: '1', token: 't' }), {
      onRequest: () => {
        throw new Error('metrics down');
      },
    });
    clients.push(fragile);
    await expect(fragile.listAll('cliente')).resolves.toEqual([]);
  });
});
