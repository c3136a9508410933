import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MagnusClient, type MagnusRequestEvent } from './magnus.client';
import {
  MagnusAuthError,
  MagnusNotFoundError,
  MagnusServerError,
  MagnusTimeoutError,
  MagnusUnexpectedResponseError,
} from './magnus-errors';
import { magnusConnectionSettings, type MagnusConnectionInput } from './magnus-settings';
import { magnusSign } from './magnus-signature';
import { phpHttpBuildQuery } from './php-form';
import { untilOnFakeClock, useFakeClock } from '../../../../../test/support/fake-clock';

const API_KEY = 'key-123';
const API_SECRET = 's3cr3t-value';

interface Seen {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  fields: Record<string, string>;
  /** what a PHP server computes: `hash_hmac('sha512', http_build_query($_POST), secret) === Sign` */
  signatureValid: boolean;
}

type Handler = (seen: Seen, res: ServerResponse) => void;

const users = Array.from({ length: 7 }, (_, i) => ({
  id: String(i + 1),
  username: `user${i + 1}`,
  password: `pw-${i + 1}`,
  active: '1',
  dist: `C-${100 + i}`,
  firstname: 'Ana',
  lastname: `N${i + 1}`,
  company_name: '',
  doc: '',
}));

/** A bare HTTP server that checks signatures like PHP; wire-format fidelity is covered against the simulator. */
describe('MagnusClient (transport)', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  let seen: Seen[];
  let events: MagnusRequestEvent[];
  const clients: MagnusClient[] = [];
  const opts = { contractField: 'dist' };

  const client = (overrides: Partial<MagnusConnectionInput> = {}) => {
    const created = new MagnusClient(
      magnusConnectionSettings({
        baseUrl,
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        requestsPerSecond: 1000,
        ...overrides,
      }),
      { onRequest: (event) => events.push(event) },
    );
    clients.push(created);
    return created;
  };
  const json = (res: ServerResponse, body: unknown, status = 200) =>
    res.writeHead(status, { 'content-type': 'text/html; charset=UTF-8' }).end(JSON.stringify(body));
  /** Answers reads from `rows`, honouring start/limit, as Magnus does. */
  const readFrom =
    (rows: object[], count: number | string = rows.length): Handler =>
    ({ fields }, res) => {
      const start = Number(fields.start);
      json(res, { rows: rows.slice(start, start + Number(fields.limit)), count, sum: [] });
    };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        // PHP parses the form into $_POST, then the server re-encodes it to check the signature.
        const parsed = [...new URLSearchParams(body)];
        const signatureValid =
          req.headers.sign === magnusSign(phpHttpBuildQuery(parsed), API_SECRET) &&
          req.headers.key === API_KEY;
        const request = {
          url: req.url ?? '',
          headers: req.headers,
          body,
          fields: Object.fromEntries(parsed),
          signatureValid,
        };
        seen.push(request);
        if (!signatureValid) res.writeHead(200).end('invalid API access');
        else handler(request, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mbilling/`;
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

  it('lists every user page by page with a signed form POST, without passwords', async () => {
    handler = readFrom(users, '7');
    const listed = await client().listUsers({ ...opts, pageSize: 3 });

    expect(listed.map((user) => user.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(listed[0]).toEqual({
      id: 1,
      username: 'user1',
      active: 1,
      contractRef: 'C-100',
      company: 'Ana N1',
      name: 'Ana N1',
      doc: '',
    });
    expect(JSON.stringify(listed)).not.toContain('pw-');
    // the first page tells the total; the others are asked at once, so they may arrive in any order
    expect(seen[0].fields.start).toBe('0');
    expect(seen.map((request) => request.fields.start).sort()).toEqual(['0', '3', '6']);
    expect(seen[0].url).toBe('/mbilling/index.php/user/read?sort=id&dir=ASC');
    expect(seen[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[0].headers.key).toBe(API_KEY);
    expect(seen[0].body).toMatch(
      /^page=1&start=0&limit=3&filter=%5B%5D&module=user&action=read&nonce=\d{16}$/,
    );
    expect(seen.every((request) => request.signatureValid)).toBe(true);
    expect(new Set(seen.map((request) => request.fields.nonce)).size).toBe(3);
    expect(events).toEqual(
      Array.from({ length: 3 }, () => ({
        module: 'user',
        action: 'read',
        outcome: 'ok',
        durationMs: expect.any(Number),
        status: 200,
      })),
    );
  });

  it('advances start by the rows received when the server caps limit', async () => {
    handler = ({ fields }, res) => {
      const start = Number(fields.start);
      json(res, { rows: users.slice(start, start + 2), count: 7 });
    };
    expect(await client().listUsers(opts)).toHaveLength(7);
    expect(seen.map((request) => request.fields.start)).toEqual(['0', '2', '4', '6']);
  });

  it('stops and fails when the server ignores start, instead of looping or returning part of the users', async () => {
    handler = (_, res) => json(res, { rows: users.slice(0, 3), count: 7 });
    const error = await client()
      .listUsers({ ...opts, pageSize: 3 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MagnusUnexpectedResponseError);
    expect((error as Error).message).toContain('listed 3 of 7 users');
    // the pages Magnus counted (0, 3, 6), and no more
    expect(seen).toHaveLength(3);
  });

  it('asks for the pages after the first at once, once the first says how many users there are', async () => {
    let inFlight = 0;
    let peak = 0;
    handler = ({ fields }, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        const start = Number(fields.start);
        json(res, { rows: users.slice(start, start + Number(fields.limit)), count: 7 });
      }, 20);
    };
    const listed = await client().listUsers({ ...opts, pageSize: 2 });
    expect(listed.map((user) => user.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen.map((request) => request.fields.start).sort()).toEqual(['0', '2', '4', '6']);
    expect(peak).toBe(3);
  });

  it('goes on page by page when users are added while it lists', async () => {
    const rows = users.slice(0, 6);
    handler = ({ fields }, res) => {
      const start = Number(fields.start);
      json(res, { rows: rows.slice(start, start + Number(fields.limit)), count: rows.length });
      if (rows.length < users.length) rows.push(users[rows.length]!);
    };
    const listed = await client().listUsers({ ...opts, pageSize: 3 });
    expect(listed.map((user) => user.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // the first page tells the total; the others are asked at once, so they may arrive in any order
    expect(seen[0].fields.start).toBe('0');
    expect(seen.map((request) => request.fields.start).sort()).toEqual(['0', '3', '6']);
  });

  it('without a usable count, stops after a short page', async () => {
    handler = ({ fields }, res) => {
      const start = Number(fields.start);
      json(res, { rows: users.slice(start, start + Number(fields.limit)) });
    };
    expect(await client().listUsers({ ...opts, pageSize: 4 })).toHaveLength(7);
    expect(seen).toHaveLength(2);
  });

  it('finds users by username with one guarded string filter each, keeping exact matches only', async () => {
    handler = ({ fields }, res) => {
      const [, filter] = JSON.parse(fields.filter) as [unknown, { value: string }];
      // MySQL's "=" ignores case: Magnus would also return USER2 for user2.
      const rows = users.filter((user) => user.username.toLowerCase() === filter.value.toLowerCase());
      json(res, {
        rows: rows.map((row) => (row.id === '2' ? { ...row, username: 'USER2' } : row)),
        count: rows.length,
      });
    };
    const found = await client().findUsersByUsername([' user1 ', 'user2', 'user1', '', 'nobody'], opts);

    expect(found.map((user) => user.username)).toEqual(['user1']);
    expect(seen).toHaveLength(3);
    expect(JSON.parse(seen[0].fields.filter)).toEqual([
      { type: 'numeric', field: 'id', value: 0, comparison: 'gt' },
      { type: 'string', field: 'username', value: 'user1', comparison: 'eq' },
    ]);
    expect(await client().findUsersByUsername([' ', ''], opts)).toEqual([]);
    expect(seen).toHaveLength(3);
  });

  it('finds users by contract with a guarded, escaped contains filter, keeping exact trimmed matches', async () => {
    handler = (_, res) =>
      json(res, {
        rows: [
          { ...users[0], dist: ' C-100 ' },
          { ...users[1], dist: 'c-100' },
        ],
        count: '2',
      });
    const found = await client().findUsersByContract('C-100 ', opts);
    expect(found.map((user) => user.id)).toEqual([1]);
    expect(JSON.parse(seen[0].fields.filter)).toEqual([
      { type: 'numeric', field: 'id', value: 0, comparison: 'gt' },
      { type: 'string', field: 'dist', value: 'C-100', comparison: 'ct' },
    ]);
    await client().findUsersByContract('50%_off\\x', opts);
    expect(JSON.parse(seen[1].fields.filter)[1]).toMatchObject({ value: '50\\%\\_off\\\\x' });
    await expect(client().findUsersByContract('x', { contractField: 'dist OR 1' })).rejects.toThrow(
      /not a plain column/,
    );
  });

  it('gets one user by id, or undefined', async () => {
    handler = ({ fields }, res) => {
      const [filter] = JSON.parse(fields.filter) as [{ value: number }];
      const rows = users.filter((user) => Number(user.id) === filter.value);
      json(res, { rows: rows.length ? rows : false, count: String(rows.length) });
    };
    expect(await client().getUser(3, opts)).toMatchObject({ id: 3, username: 'user3' });
    expect(await client().getUser(99, opts)).toBeUndefined();
    expect(JSON.parse(seen[0].fields.filter)).toEqual([
      { type: 'numeric', field: 'id', value: 3, comparison: 'eq' },
    ]);
    await expect(client().getUser(0, opts)).rejects.toThrow(RangeError);
  });

  it('gets several users by id in one read with a guarded list filter; ids Magnus lacks are absent', async () => {
    handler = ({ fields }, res) => {
      const [, filter] = JSON.parse(fields.filter) as [unknown, { value: number[] }];
      const rows = users.filter((user) => filter.value.includes(Number(user.id)));
      json(res, { rows, count: rows.length, sum: [] });
    };
    const found = await client().getUsers([5, 2, 99, 2], opts);
    expect(found.map((user) => user.id).sort()).toEqual([2, 5]);
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0].fields.filter)).toEqual([
      { type: 'numeric', field: 'id', value: 0, comparison: 'gt' },
      { type: 'list', field: 'id', value: [5, 2, 99] },
    ]);
    expect(seen[0].fields).toMatchObject({ start: '0', limit: '3' });
    expect(await client().getUsers([99], opts)).toEqual([]);
    expect(await client().getUsers([], opts)).toEqual([]);
    expect(seen).toHaveLength(2);
    await expect(client().getUsers([1, 0], opts)).rejects.toThrow(RangeError);
  });

  it('refuses a getUsers answer that counts more users than asked (the filter was ignored)', async () => {
    handler = readFrom(users);
    await expect(client().getUsers([1, 2], opts)).rejects.toBeInstanceOf(MagnusUnexpectedResponseError);
  });

  describe('setActive', () => {
    it('saves id and active and returns the saved user', async () => {
      handler = ({ fields }, res) =>
        json(res, {
          success: true,
          rows: [{ ...users[1], active: Number(fields.active) }],
          msg: 'Operation was successful.',
        });
      const saved = await client().setActive(2, 4, opts);
      expect(saved).toMatchObject({ id: 2, active: 4 });
      expect(seen[0].url).toBe('/mbilling/index.php/user/save');
      expect(seen[0].body).toMatch(/^id=2&active=4&module=user&action=save&nonce=\d{16}$/);
      expect(seen[0].fields.filter).toBeUndefined();
    });

    it('throws MagnusNotFoundError for an unknown id', async () => {
      handler = (_, res) => json(res, { success: false, rows: [], 'Record not found.': null });
      await expect(client().setActive(99, 1, opts)).rejects.toBeInstanceOf(MagnusNotFoundError);
      expect(seen).toHaveLength(1);
    });

    it('reads the user back when the answer has no row, and refuses a save that did not take', async () => {
      let stored = '1';
      handler = ({ url }, res) => {
        if (url.endsWith('/save')) return json(res, { success: true, rows: [], msg: 'ok' });
        json(res, { rows: [{ ...users[4], active: stored }], count: 1 });
      };
      await expect(client().setActive(5, 3, opts)).rejects.toThrow(/has active=1 after saving active=3/);
      stored = '3';
      expect(await client().setActive(5, 3, opts)).toMatchObject({ id: 5, active: 3 });
      expect(seen.map((request) => request.url.split('/').pop()?.split('?')[0])).toEqual([
        'save',
        'read',
        'save',
        'read',
      ]);
    });

    it('refuses values Magnus does not know', async () => {
      await expect(client().setActive(2, 7, opts)).rejects.toThrow(RangeError);
      expect(seen).toHaveLength(0);
    });
  });

  it('retries 502/503/504 with backoff and reports each attempt', async () => {
    let calls = 0;
    handler = (request, res) => {
      calls++;
      if (calls === 1) res.writeHead(502).end('<html>Bad Gateway</html>');
      else if (calls === 2) res.writeHead(503).end();
      else readFrom(users)(request, res);
    };
    expect(await client({ maxRetries: 2 }).listUsers(opts)).toHaveLength(7);
    expect(events.map((event) => [event.outcome, event.status])).toEqual([
      ['retry', 502],
      ['retry', 503],
      ['ok', 200],
    ]);
    expect(new Set(seen.map((request) => request.fields.nonce)).size).toBe(3);
  });

  it('retries a save too (idempotent), and gives up after maxRetries', async () => {
    handler = (_, res) => res.writeHead(504).end('Gateway Time-out');
    await expect(client({ maxRetries: 1 }).setActive(2, 4, opts)).rejects.toBeInstanceOf(MagnusServerError);
    expect(seen).toHaveLength(2);
    expect(events.map((event) => event.outcome)).toEqual(['retry', 'error']);
  });

  it('does not retry a PHP crash (HTTP 500) or an auth refusal', async () => {
    handler = (_, res) => res.writeHead(500).end('<b>Fatal error</b>: Uncaught TypeError');
    await expect(client().listUsers(opts)).rejects.toMatchObject({
      name: 'MagnusServerError',
      transient: false,
    });
    expect(seen).toHaveLength(1);

    seen = [];
    await expect(client({ apiSecret: 'wrong' }).listUsers(opts)).rejects.toBeInstanceOf(MagnusAuthError);
    expect(seen).toHaveLength(1);
    expect(seen[0].signatureValid).toBe(false);
  });

  it('times out an attempt that gets no answer, retrying it', async () => {
    handler = () => undefined;
    await expect(client({ timeoutMs: 150, maxRetries: 1 }).listUsers(opts)).rejects.toBeInstanceOf(
      MagnusTimeoutError,
    );
    expect(seen).toHaveLength(2);
    expect(events.map((event) => [event.outcome, event.status])).toEqual([
      ['retry', undefined],
      ['error', undefined],
    ]);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    const controller = new AbortController();
    handler = () => controller.abort();
    await expect(
      client({ timeoutMs: 10_000 }).listUsers({ ...opts, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
  });

  it('maps a refused connection to a transient network error', async () => {
    const closed = new MagnusClient(
      magnusConnectionSettings({
        baseUrl: 'http://127.0.0.1:1/mbilling',
        apiKey: 'k',
        apiSecret: 's',
        maxRetries: 0,
      }),
    );
    clients.push(closed);
    await expect(closed.listUsers(opts)).rejects.toMatchObject({
      name: 'MagnusNetworkError',
      transient: true,
      causeCode: 'ECONNREFUSED',
    });
  });

  it('spaces request starts to respect requestsPerSecond', async () => {
    useFakeClock();
    const arrivals: number[] = [];
    const answer = readFrom([]);
    handler = (request, res) => {
      arrivals.push(Date.now());
      answer(request, res);
    };
    const limited = client({ requestsPerSecond: 20, concurrency: 4 });
    const start = Date.now();
    let done = false;
    const calls = Promise.all(Array.from({ length: 6 }, () => limited.listUsers(opts))).finally(
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

  it('never exposes the key or secret through the client object', () => {
    const created = client();
    expect(JSON.stringify(created)).not.toContain('s3cr3t');
    expect(Object.values(created).join()).not.toContain('s3cr3t');
  });

  it('keeps working when a metrics hook throws', async () => {
    handler = readFrom(users);
    const fragile = new MagnusClient(
      magnusConnectionSettings({ baseUrl, apiKey: API_KEY, apiSecret: API_SECRET }),
      {
        onRequest: () => {
          throw new Error('metrics down');
        },
      },
    );
    clients.push(fragile);
    await expect(fragile.listUsers(opts)).resolves.toHaveLength(7);
  });
});
