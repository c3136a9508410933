import { Client } from 'pg';
import { requestFingerprint } from '../../src/platform/access/idempotency/request-fingerprint';
import { ADMIN_PASSWORD, call, login, tenantAdmin, TEST_SECRET_KEY } from '../support/access-client';
import { AccessFixtureModule } from '../support/access-fixture.module';
import { startTestApp, type TestApp } from '../support/test-app';

const KEYS = '/api/v1/admin/api-keys';
const USERS = '/api/v1/admin/users';

describe('Idempotency-Key on POST endpoints that create things', () => {
  let t: TestApp;
  let db: Client;
  let admin: Awaited<ReturnType<typeof tenantAdmin>>;
  beforeAll(async () => {
    t = await startTestApp({
      extraModules: [AccessFixtureModule],
      env: { REGUA_SECRET_KEY: TEST_SECRET_KEY },
    });
    db = new Client({ connectionString: t.database.url });
    await db.connect();
    admin = await tenantAdmin(t, 'idem');
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const post = (path: string, key: string, body: unknown, token = admin.token) =>
    call(t.url, 'POST', path, { token, body, headers: { 'idempotency-key': key } });
  const count = async (sql: string, params: unknown[] = []) =>
    ((await db.query(sql, params)).rows[0] as { n: number }).n;

  it('replays the stored response (status, body, secret) for the same key and body, creating once', async () => {
    const body = { name: 'replayed', scopes: ['billing:send'] };
    const first = await post(KEYS, 'key-create-1', body);
    const again = await post(KEYS, 'key-create-1', { scopes: ['billing:send'], name: 'replayed' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count(`SELECT count(*)::int AS n FROM access.api_keys WHERE name = 'replayed'`)).toBe(1);

    // The stored response is sealed: the key's secret is not readable in the table.
    const { rows } = await db.query(`SELECT * FROM access.idempotency_keys WHERE key = 'key-create-1'`);
    expect(JSON.stringify(rows)).not.toContain((first.body.secret as string).slice(-43));
    expect(rows[0]).toMatchObject({ status: 'completed', response_status: 201 });
  });

  it('answers 422 when the key is reused for a different request', async () => {
    expect((await post(KEYS, 'key-reuse', { name: 'one', scopes: ['billing:read'] })).status).toBe(201);
    const other = await post(KEYS, 'key-reuse', { name: 'two', scopes: ['billing:read'] });
    expect([other.status, other.body.code]).toEqual([422, 'ACCESS.IDEMPOTENCY_KEY_REUSED']);
    const otherPath = await post(USERS, 'key-reuse', { name: 'one', scopes: ['billing:read'] });
    expect(otherPath.status).toBe(422);
  });

  it('runs concurrent requests with one key once: one 201, the rest 409 or a replay', async () => {
    const body = { email: 'concurrent@idem.test', password: 'a long password', role: 'operator' };
    const results = await Promise.all(Array.from({ length: 8 }, () => post(USERS, 'key-concurrent', body)));
    const executed = results.filter((r) => r.status === 201 && !r.headers.get('idempotent-replayed'));
    const others = results.filter((r) => !executed.includes(r));
    expect(executed).toHaveLength(1);
    for (const r of others) {
      if (r.status === 409) expect(r.body.code).toBe('ACCESS.IDEMPOTENCY_IN_PROGRESS');
      else
        expect([r.status, r.headers.get('idempotent-replayed'), r.body]).toEqual([
          201,
          'true',
          executed[0]?.body,
        ]);
    }
    expect(await count(`SELECT count(*)::int AS n FROM access.users WHERE email = $1`, [body.email])).toBe(1);
  });

  it('answers 409 while the first attempt runs, and takes over one whose process died', async () => {
    const body = { name: 'in flight', scopes: ['billing:read'] };
    const claim = (key: string, startedAgo: string) =>
      db.query(
        `INSERT INTO access.idempotency_keys (tenant_id, principal, key, fingerprint, status, started_at, expires_at)
         VALUES ($1, $2, $3, $4, 'in_progress', now() - $5::interval, now() + interval '1 day')`,
        [admin.tenantId, `user:${admin.userId}`, key, requestFingerprint('POST', KEYS, body), startedAgo],
      );
    await claim('key-running', '1 second');
    const running = await post(KEYS, 'key-running', body);
    expect([running.status, running.body.code]).toEqual([409, 'ACCESS.IDEMPOTENCY_IN_PROGRESS']);

    await claim('key-abandoned', '10 minutes');
    const takenOver = await post(KEYS, 'key-abandoned', body);
    expect([takenOver.status, takenOver.headers.get('idempotent-replayed')]).toEqual([201, null]);
  });

  it('stores a 4xx answer and replays it as problem+json', async () => {
    const body = { email: admin.email, password: 'a long password', role: 'operator' };
    const first = await post(USERS, 'key-conflict', body);
    const again = await post(USERS, 'key-conflict', body);
    expect([first.status, first.body.code]).toEqual([409, 'ACCESS.USER_ALREADY_EXISTS']);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('releases the key after a 5xx, so the retry runs', async () => {
    const first = await post('/api/fixture/access/flaky', 'key-flaky', {});
    const retry = await post('/api/fixture/access/flaky', 'key-flaky', {});
    const replay = await post('/api/fixture/access/flaky', 'key-flaky', {});
    expect(first.status).toBe(500);
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.body]).toEqual([
      201,
      null,
      { created: 1 },
    ]);
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body]).toEqual([
      201,
      'true',
      { created: 1 },
    ]);
  });

  it('scopes keys per caller and forgets them after 24 h', async () => {
    const body = { name: 'per caller', scopes: ['billing:read'] };
    await call(t.url, 'POST', USERS, {
      token: admin.token,
      body: { email: 'second-admin@idem.test', password: ADMIN_PASSWORD, role: 'admin' },
    });
    const other = await login(t.url, 'second-admin@idem.test', ADMIN_PASSWORD);
    const mine = await post(KEYS, 'key-shared-name', body);
    const theirs = await post(KEYS, 'key-shared-name', body, other);
    expect([mine.status, theirs.status, theirs.headers.get('idempotent-replayed')]).toEqual([201, 201, null]);
    expect(theirs.body.id).not.toBe(mine.body.id);

    await db.query(`UPDATE access.idempotency_keys SET expires_at = now() WHERE key = 'key-shared-name'`);
    const afterExpiry = await post(KEYS, 'key-shared-name', { ...body, name: 'new request' });
    expect([afterExpiry.status, afterExpiry.headers.get('idempotent-replayed')]).toEqual([201, null]);
  });

  it.each([
    ['a space', 'has space'],
    ['256 characters', 'x'.repeat(256)],
    ['a tab', 'tab\there'],
  ])('rejects a key with %s (422)', async (_what, key) => {
    const res = await post(KEYS, key, { name: 'bad key', scopes: ['billing:read'] });
    expect([res.status, res.body.code]).toEqual([422, 'ACCESS.INVALID_IDEMPOTENCY_KEY']);
  });

  it('changes nothing for requests without the header', async () => {
    const body = { name: 'no key', scopes: ['billing:read'] };
    await call(t.url, 'POST', KEYS, { token: admin.token, body });
    await call(t.url, 'POST', KEYS, { token: admin.token, body });
    expect(await count(`SELECT count(*)::int AS n FROM access.api_keys WHERE name = 'no key'`)).toBe(2);
  });
});
