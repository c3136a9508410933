import {
  MAGNUS_DEMO_CREDENTIALS,
  SimulatorControl,
  startSimulators,
  type MagnusData,
  type SimulatorHost,
} from '../../../../simulators';
import { MagnusClient, type MagnusRequestEvent } from './magnus.client';
import {
  MagnusAuthError,
  MagnusNotFoundError,
  MagnusRejectedError,
  MagnusServerError,
  MagnusTimeoutError,
  MagnusValidationError,
} from './magnus-errors';
import { classifyMagnusResponse } from './magnus-response';
import { magnusConnectionSettings, type MagnusConnectionInput } from './magnus-settings';
import { signedMagnusRequest } from './magnus-signature';

const USERS = 60;
const opts = { contractField: 'dist' };
// Everything PHP's urlencode and URLSearchParams disagree on, plus spaces, accents and emoji.
const AWKWARD = "Plano 100 * ~ São João (50% off) & 'mais'! 😀";

describe('MagnusClient against the MagnusBilling simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let baseUrl: string;
  let events: MagnusRequestEvent[];
  const clients: MagnusClient[] = [];

  const client = (overrides: Partial<MagnusConnectionInput> = {}) => {
    const created = new MagnusClient(
      magnusConnectionSettings({
        baseUrl,
        ...MAGNUS_DEMO_CREDENTIALS,
        requestsPerSecond: 1000,
        ...overrides,
      }),
      { onRequest: (event) => events.push(event) },
    );
    clients.push(created);
    return created;
  };
  const data = () => control.data<MagnusData>();
  const reads = async () => (await data()).requestCounts['user/read'] ?? 0;
  const saves = async () => (await data()).requestCounts['user/save'] ?? 0;
  const userList = async () => (await data()).userList ?? [];

  /** A signed `save` of any fields, built from the same pieces as the client. */
  const rawSave = async (fields: [string, string][]) => {
    const signed = signedMagnusRequest({
      module: 'user',
      action: 'save',
      params: fields,
      ...MAGNUS_DEMO_CREDENTIALS,
    });
    const response = await fetch(`${baseUrl}${signed.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signed.headers },
      body: signed.body,
    });
    return classifyMagnusResponse(response.status, await response.text());
  };

  beforeAll(async () => {
    host = await startSimulators(['magnus'], { settings: { magnus: { users: USERS } } });
    control = new SimulatorControl(host.controlUrlOf('magnus'));
    baseUrl = `${host.urlOf('magnus')}/mbilling`;
  });
  afterAll(() => host.stop());
  beforeEach(async () => {
    await control.reset();
    events = [];
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((created) => created.close()));
  });

  it('lists every user across pages: as many as Magnus counts, each once, in id order', async () => {
    const users = await client().listUsers({ ...opts, pageSize: 7 });

    expect(users).toHaveLength(USERS);
    expect((await data()).users).toBe(USERS);
    const ids = users.map((user) => user.id);
    expect(new Set(ids).size).toBe(USERS);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(await reads()).toBe(Math.ceil(USERS / 7));
    expect(events.every((event) => event.outcome === 'ok' && event.status === 200)).toBe(true);
  });

  it('maps the seeded users: blank contract fields are null, the rest trimmed, active read as numbers', async () => {
    const users = await client().listUsers(opts);
    const { seeded } = await data();
    const withoutContract = users.filter((user) => user.contractRef === null).map((user) => user.id);
    expect(withoutContract.sort((a, b) => a - b)).toEqual(seeded.withoutContract);
    for (const user of users) {
      expect(user.username).not.toBe('');
      expect([0, 1, 2, 3, 4]).toContain(user.active);
      if (user.contractRef !== null) expect(user.contractRef).toBe(user.contractRef.trim());
    }
  });

  it('gets several users by id in one read; ids Magnus lacks are absent', async () => {
    const all = await client().listUsers(opts);
    const before = await reads();
    const found = await client().getUsers([5, 40, 12, 99_999], opts);
    expect(await reads()).toBe(before + 1);
    expect(found.sort((a, b) => a.id - b.id)).toEqual(all.filter((user) => [5, 12, 40].includes(user.id)));
  });

  it('never returns a password', async () => {
    const passwords = (
      await Promise.all(
        [1, 2, 3].map((id) => control.modify<{ password: string }>({ action: 'getUser', id })),
      )
    ).map((user) => user.password);
    expect(passwords.every((password) => typeof password === 'string' && password.length > 0)).toBe(true);

    const magnus = client();
    const everything = JSON.stringify([
      await magnus.listUsers(opts),
      await magnus.getUser(1, opts),
      await magnus.setActive(2, 1, opts),
    ]);
    for (const password of passwords) expect(everything).not.toContain(password);
    expect(everything).not.toMatch(/password/i);
  });

  it('reads an empty active (a user created through the API) as null', async () => {
    const created = await control.modify<{ id: number }>({ action: 'addUser', fields: { dist: '777' } });
    expect(await client().getUser(created.id, opts)).toMatchObject({
      id: created.id,
      active: null,
      contractRef: '777',
    });
  });

  describe('string filters (always after the numeric guard)', () => {
    it('finds users by username', async () => {
      const [a, b] = await userList();
      const found = await client().findUsersByUsername(
        [String(a.username), String(b.username), 'nobody-here'],
        opts,
      );
      expect(found.map((user) => user.id).sort((x, y) => x - y)).toEqual([a.id, b.id]);
      expect(await reads()).toBe(3);
    });

    it('finds users by contract, keeping exact trimmed matches', async () => {
      await control.modify({ action: 'setUser', id: 5, fields: { dist: ' CT-9001 ' } });
      await control.modify({ action: 'setUser', id: 6, fields: { dist: 'CT-9001' } });
      const found = await client().findUsersByContract('CT-9001', opts);
      expect(found.map((user) => user.id)).toEqual([5, 6]);
      expect(found.every((user) => user.contractRef === 'CT-9001')).toBe(true);
    });

    it('treats LIKE wildcards in a contract reference literally', async () => {
      await control.modify({ action: 'setUser', id: 8, fields: { dist: 'CT_9%' } });
      await control.modify({ action: 'setUser', id: 10, fields: { dist: 'CTX9Y' } });
      const found = await client().findUsersByContract('CT_9%', opts);
      expect(found.map((user) => user.id)).toEqual([8]);
      expect(await client().findUsersByContract('CT%', opts)).toEqual([]);
    });

    it('signs values with spaces, "*", "~", quotes and accents the way PHP re-encodes them', async () => {
      await control.modify({ action: 'setUser', id: 7, fields: { dist: AWKWARD } });
      const found = await client().findUsersByContract(AWKWARD, opts);
      expect(found.map((user) => [user.id, user.contractRef])).toEqual([[7, AWKWARD]]);
    });

    it.each([
      ['string', '[{"type":"string","field":"dist","value":"1","comparison":"eq"}]'],
      // what the read-before-write of apply used to send
      ['list', '[{"type":"list","field":"id","value":[40]}]'],
    ])(
      'is why the guard exists: a %s filter first is a PHP 8 crash (HTTP 500), told without the page',
      async (_, filter) => {
        const signed = signedMagnusRequest({
          module: 'user',
          action: 'read',
          params: [['filter', filter]],
          ...MAGNUS_DEMO_CREDENTIALS,
        });
        const response = await fetch(`${baseUrl}${signed.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...signed.headers },
          body: signed.body,
        });
        const page = await response.text();
        expect(page).toContain('SqlInject.php(144)');
        const verdict = classifyMagnusResponse(response.status, page);
        expect(verdict).toEqual({ ok: false, error: expect.any(MagnusServerError) });
        if (verdict.ok) return;
        expect(verdict.error.transient).toBe(false);
        expect(verdict.error.message).toBe('MagnusBilling answered HTTP 500 (server error page)');
      },
    );

    it('sends only filters a PHP 8 server serves: every read of every lookup answers HTTP 200', async () => {
      const magnus = client();
      const [a] = await userList();
      await control.modify({ action: 'setUser', id: a.id, fields: { dist: 'CT-4242' } });
      await magnus.listUsers({ ...opts, pageSize: 25 });
      await magnus.getUser(3, opts);
      await magnus.getUsers([40, 3, 12], opts);
      await magnus.findUsersByUsername([String(a.username)], opts);
      expect(await magnus.findUsersByContract('CT-4242', opts)).toHaveLength(1);
      expect(events).toHaveLength(7);
      expect(events.every((event) => event.outcome === 'ok' && event.status === 200)).toBe(true);
    });
  });

  it('reads what a real server mixes: active null for a user created through the API, extra keys, a string callshop', async () => {
    const created = await control.modify<{ id: number; active: unknown; callshop: unknown }>({
      action: 'addUser',
      fields: { dist: 'CT-NEW' },
    });
    expect(created).toMatchObject({ active: null, callshop: '0' });
    const magnus = client();
    const [one] = await magnus.getUsers([created.id], opts);
    expect(one).toMatchObject({ id: created.id, active: null, contractRef: 'CT-NEW' });
    expect(await magnus.getUser(created.id, opts)).toEqual(one);
    const listed = await magnus.listUsers(opts);
    expect(listed).toHaveLength(USERS + 1);
    expect(listed.find((user) => user.id === created.id)).toEqual(one);
    // Only the fields enforcement needs leave the client, none of the 60-odd others.
    expect(Object.keys(one!).sort()).toEqual([
      'active',
      'company',
      'contractRef',
      'doc',
      'id',
      'name',
      'username',
    ]);
  });

  it('round-trips an awkward value through a signed save and reads it back', async () => {
    expect(
      await rawSave([
        ['id', '9'],
        ['description', AWKWARD],
      ]),
    ).toMatchObject({ ok: true });
    const magnus = client();
    expect(await magnus.getUser(9, { contractField: 'description' })).toMatchObject({
      id: 9,
      contractRef: AWKWARD,
    });
    const found = await magnus.findUsersByContract(AWKWARD, { contractField: 'description' });
    expect(found.map((user) => user.id)).toEqual([9]);
  });

  describe('setActive', () => {
    it('blocks and unblocks a user, returning the saved user', async () => {
      const magnus = client();
      expect(await magnus.setActive(3, 4, opts)).toMatchObject({ id: 3, active: 4 });
      expect(await magnus.getUser(3, opts)).toMatchObject({ active: 4 });
      expect(await magnus.setActive(3, 1, opts)).toMatchObject({ id: 3, active: 1 });
      expect(await saves()).toBe(2);
      expect(events.filter((event) => event.action === 'save').map((event) => event.outcome)).toEqual([
        'ok',
        'ok',
      ]);
    });

    it('throws MagnusNotFoundError for an unknown id; getUser answers undefined', async () => {
      const magnus = client();
      await expect(magnus.setActive(99_999, 4, opts)).rejects.toBeInstanceOf(MagnusNotFoundError);
      expect(await magnus.getUser(99_999, opts)).toBeUndefined();
      expect(await saves()).toBe(1);
    });

    it('classifies the refusals of saves the client never sends: validation map, one record per call', async () => {
      const invalid = await rawSave([
        ['id', '3'],
        ['active', 'abc'],
      ]);
      expect(invalid).toEqual({ ok: false, error: expect.any(MagnusValidationError) });
      expect(!invalid.ok && (invalid.error as MagnusValidationError).errors.active).toEqual([
        'Active must be an integer.',
      ]);

      const filtered = await rawSave([
        ['id', '3'],
        ['active', '1'],
        ['filter', '[{"type":"numeric","field":"id","value":0,"comparison":"gt"}]'],
      ]);
      expect(filtered).toEqual({ ok: false, error: expect.any(MagnusRejectedError) });
    });
  });

  describe('auth', () => {
    it('reports a bad secret as MagnusAuthError and does not retry it', async () => {
      const error = await client({ apiSecret: 'not-the-secret', maxRetries: 3 })
        .listUsers(opts)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MagnusAuthError);
      expect(error).toMatchObject({ reason: 'invalid_api_access', transient: false, status: 200 });
      expect(await reads()).toBe(1);
      expect(events.map((event) => event.outcome)).toEqual(['error']);
    });

    it('reports an IP outside the allow-list and a key without the update permission', async () => {
      await control.modify({ action: 'setApiKey', permissions: 'r' });
      const magnus = client();
      expect(await magnus.getUser(1, opts)).toMatchObject({ id: 1 });
      await expect(magnus.setActive(1, 4, opts)).rejects.toMatchObject({
        name: 'MagnusAuthError',
        reason: 'invalid_api_action',
      });

      await control.modify({ action: 'setApiKey', ipAllowList: ['10.9.8.7'] });
      await expect(magnus.listUsers(opts)).rejects.toMatchObject({
        name: 'MagnusAuthError',
        reason: 'invalid_ip',
      });
    });
  });

  describe('faults', () => {
    it('retries a 503 and succeeds', async () => {
      await control.setFaults({
        error: {
          status: 503,
          body: '<html><body><h1>503 Service Unavailable</h1></body></html>',
          contentType: 'text/html',
        },
        times: 1,
      });
      expect(await client({ maxRetries: 2 }).listUsers(opts)).toHaveLength(USERS);
      expect(events.map((event) => [event.outcome, event.status])).toEqual([
        ['retry', 503],
        ['ok', 200],
      ]);
      expect(await reads()).toBe(2);
    });

    it('retries a save that met a 502 (setting active is idempotent)', async () => {
      await control.setFaults({
        error: { status: 502, body: 'Bad Gateway', contentType: 'text/html' },
        times: 2,
      });
      expect(await client({ maxRetries: 3 }).setActive(4, 3, opts)).toMatchObject({ id: 4, active: 3 });
      expect(await saves()).toBe(3);
    });

    it('does not retry a PHP fatal error (HTTP 500)', async () => {
      await control.setFaults({
        error: {
          status: 500,
          body: 'PHP Fatal error:  Uncaught Error in /var/www/html/mbilling/index.php:1',
          contentType: 'text/html',
        },
        times: 1,
      });
      const error = await client({ maxRetries: 3 })
        .listUsers(opts)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MagnusServerError);
      expect(error).toMatchObject({ status: 500, transient: false });
      expect(await reads()).toBe(1);
    });

    it('times out a hung request, retries it, and gives up with MagnusTimeoutError', async () => {
      await control.setFaults({ timeout: true, times: 1 });
      expect(await client({ timeoutMs: 300, maxRetries: 2 }).listUsers(opts)).toHaveLength(USERS);
      expect(events[0]).toMatchObject({ outcome: 'retry', status: undefined });

      events = [];
      await control.setFaults({ timeout: true });
      await expect(client({ timeoutMs: 200, maxRetries: 2 }).listUsers(opts)).rejects.toBeInstanceOf(
        MagnusTimeoutError,
      );
      expect(events.map((event) => event.outcome)).toEqual(['retry', 'retry', 'error']);
    });
  });
});
