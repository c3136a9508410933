import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { call, createApiKey, tenantAdmin, TEST_SECRET_KEY } from '../support/access-client';
import { AccessFixtureModule } from '../support/access-fixture.module';
import { startTestApp, type TestApp } from '../support/test-app';

const ME = '/api/v1/auth/me';
const KEYS = '/api/v1/admin/api-keys';
const KEY_FORMAT = /^rg_demo_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/;

describe('API keys', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof tenantAdmin>>;
  beforeAll(async () => {
    t = await startTestApp({
      extraModules: [AccessFixtureModule],
      env: { REGUA_SECRET_KEY: TEST_SECRET_KEY },
    });
    admin = await tenantAdmin(t, 'keys');
  });
  afterAll(() => t?.close());

  const newKey = (body: Parameters<typeof createApiKey>[2]) => createApiKey(t.url, admin.token, body);

  it('shows the whole key once; lists and reads show only its prefix; the database keeps a hash', async () => {
    const created = await call(t.url, 'POST', KEYS, {
      token: admin.token,
      body: {
        name: 'ERP robot',
        scopes: ['billing:send', 'billing:read'],
        allowedIps: [' 10.0.0.0/8 ', '::1'],
      },
    });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(KEY_FORMAT);
    expect(created.body).toMatchObject({
      name: 'ERP robot',
      prefix: secret.slice(0, 'rg_demo_'.length + 16),
      scopes: ['billing:send', 'billing:read'],
      allowedIps: ['10.0.0.0/8', '::1'],
      expiresAt: null,
      status: 'active',
    });
    const secretPart = secret.slice(-43);

    const list = await call(t.url, 'GET', `${KEYS}?limit=1`, { token: admin.token });
    const one = await call(t.url, 'GET', `${KEYS}/${created.body.id as string}`, { token: admin.token });
    expect(list.body).toMatchObject({ total: 1, limit: 1, offset: 0, items: [{ id: created.body.id }] });
    for (const res of [list, one]) {
      expect(res.text).not.toContain(secretPart);
      expect(res.text).not.toMatch(/"secret"|hash/i);
    }

    const db = new Client({ connectionString: t.database.url });
    await db.connect();
    const { rows } = await db.query(`SELECT * FROM access.api_keys`);
    await db.end();
    expect(JSON.stringify(rows)).not.toContain(secretPart);
    expect((rows[0] as { secret_hash: Buffer }).secret_hash).toHaveLength(32);
  });

  it('works as Authorization: Bearer and as X-Billing-API-Key, and refuses both at once', async () => {
    const key = await newKey({ scopes: ['billing:send'] });
    const bearer = await call(t.url, 'GET', ME, { token: key.secret });
    const billing = await call(t.url, 'GET', ME, { apiKey: key.secret });
    for (const res of [bearer, billing]) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        kind: 'api_key',
        tenantId: admin.tenantId,
        role: 'operator',
        scopes: ['billing:send'],
        apiKeyId: key.id,
      });
    }
    const both = await call(t.url, 'GET', ME, { token: admin.token, apiKey: key.secret });
    expect(both.status).toBe(401);
    await eventually(async () => {
      const read = await call(t.url, 'GET', `${KEYS}/${key.id}`, { token: admin.token });
      return read.body.lastUsedAt !== null;
    });
  });

  it('refuses an unknown key, a tampered secret and a key of the wrong shape with 401', async () => {
    const key = await newKey({ scopes: ['billing:read'] });
    const tampered = `${key.secret.slice(0, -1)}${key.secret.endsWith('A') ? 'B' : 'A'}`;
    const otherMode = key.secret.replace('rg_demo_', 'rg_live_');
    for (const candidate of [tampered, otherMode, 'rg_demo_0000000000000000_' + 'x'.repeat(43), 'rg_nope']) {
      const res = await call(t.url, 'GET', ME, { apiKey: candidate });
      expect([candidate, res.status, res.body.code]).toEqual([candidate, 401, 'ACCESS.UNAUTHENTICATED']);
    }
  });

  it('stops working when revoked (401); revoking again is fine; an unknown id is 404', async () => {
    const key = await newKey({ scopes: ['billing:read'] });
    expect((await call(t.url, 'GET', ME, { apiKey: key.secret })).status).toBe(200);
    expect((await call(t.url, 'DELETE', `${KEYS}/${key.id}`, { token: admin.token })).status).toBe(204);
    expect((await call(t.url, 'GET', ME, { apiKey: key.secret })).status).toBe(401);
    expect((await call(t.url, 'DELETE', `${KEYS}/${key.id}`, { token: admin.token })).status).toBe(204);
    const read = await call(t.url, 'GET', `${KEYS}/${key.id}`, { token: admin.token });
    expect(read.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    const missing = await call(t.url, 'DELETE', `${KEYS}/00000000-0000-4000-8000-000000000000`, {
      token: admin.token,
    });
    expect([missing.status, missing.body.code]).toEqual([404, 'ACCESS.API_KEY_NOT_FOUND']);
  });

  it('stops working once expired (401), and refuses an expiry in the past', async () => {
    const key = await newKey({
      scopes: ['billing:read'],
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect((await call(t.url, 'GET', ME, { apiKey: key.secret })).status).toBe(200);
    await eventually(async () => (await call(t.url, 'GET', ME, { apiKey: key.secret })).status === 401, {
      timeoutMs: 5000,
      intervalMs: 200,
      description: 'the key to expire',
    });
    const past = await call(t.url, 'POST', KEYS, {
      token: admin.token,
      body: { name: 'old', scopes: ['billing:read'], expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect([past.status, past.body.code]).toEqual([422, 'ACCESS.INVALID_INPUT']);
  });

  it('refuses callers outside the IP allow-list with 403 and accepts those inside', async () => {
    const elsewhere = await newKey({ scopes: ['billing:read'], allowedIps: ['10.0.0.0/8', '2001:db8::/32'] });
    const refused = await call(t.url, 'GET', ME, { apiKey: elsewhere.secret });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'ACCESS.IP_NOT_ALLOWED' });
    const here = await newKey({ scopes: ['billing:read'], allowedIps: ['192.0.2.1', '127.0.0.0/8'] });
    expect((await call(t.url, 'GET', ME, { apiKey: here.secret })).status).toBe(200);
  });

  it('enforces scopes (403 naming the missing one) and gives admin rights only with the admin scope', async () => {
    const reader = await newKey({ scopes: ['billing:read'] });
    const sender = await newKey({ scopes: ['billing:send'] });
    const adminKey = await newKey({ scopes: ['admin'] });
    const send = (secret: string) =>
      call(t.url, 'POST', '/api/fixture/access/billing/send', { apiKey: secret });

    const refused = await send(reader.secret);
    expect([refused.status, refused.body.code, refused.body.requiredScope]).toEqual([
      403,
      'ACCESS.SCOPE_MISSING',
      'billing:send',
    ]);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await send(sender.secret)).status).toBe(202);
    // Users are judged by role, not scopes.
    expect(
      (await call(t.url, 'POST', '/api/fixture/access/billing/send', { token: admin.token })).status,
    ).toBe(202);

    const notAdmin = await call(t.url, 'GET', KEYS, { apiKey: sender.secret });
    expect([notAdmin.status, notAdmin.body.requiredScope]).toEqual([403, 'admin']);
    expect((await call(t.url, 'GET', KEYS, { apiKey: adminKey.secret })).status).toBe(200);
    expect((await call(t.url, 'GET', ME, { apiKey: adminKey.secret })).body).toMatchObject({ role: 'admin' });
  });

  it('refuses a route that declares no access rule to everyone, admins included (fail closed)', async () => {
    const adminKey = await newKey({ scopes: ['admin'] });
    for (const as of [{ token: admin.token }, { apiKey: adminKey.secret }]) {
      const res = await call(t.url, 'GET', '/api/fixture/access/undeclared', as);
      expect([res.status, res.body.code]).toEqual([403, 'ACCESS.ROUTE_UNDECLARED']);
    }
    expect((await call(t.url, 'GET', '/api/fixture/access/undeclared')).status).toBe(401);
  });

  it.each([
    [{ name: 'x', scopes: ['billing:everything'] }, 'scopes'],
    [{ name: 'x', scopes: [] }, 'scopes'],
    [{ name: '', scopes: ['billing:read'] }, 'name'],
    [{ name: 'x', scopes: ['billing:read'], allowedIps: ['10.0.0.0/33'] }, 'allowedIps'],
    [{ name: 'x', scopes: ['billing:read'], allowedIps: ['not-an-ip'] }, 'allowedIps'],
    [{ name: 'x', scopes: ['billing:read'], expiresAt: 'tomorrow' }, 'expiresAt'],
  ])('rejects %j naming the field %s', async (body, field) => {
    const res = await call(t.url, 'POST', KEYS, { token: admin.token, body });
    expect(res.status).toBe(400);
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual([field]);
  });
});

describe('API key rate limit', () => {
  const LIMIT = 3;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { API_KEY_RATE_LIMIT_PER_MINUTE: String(LIMIT), REGUA_SECRET_KEY: TEST_SECRET_KEY },
    });
  });
  afterAll(() => t?.close());

  it(`answers 429 with Retry-After after ${LIMIT} requests in a minute, per key`, async () => {
    const admin = await tenantAdmin(t, 'limited');
    const busy = await createApiKey(t.url, admin.token, { scopes: ['billing:send'] });
    const calm = await createApiKey(t.url, admin.token, { scopes: ['billing:send'] });

    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++)
      statuses.push((await call(t.url, 'GET', ME, { apiKey: busy.secret })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await call(t.url, 'GET', ME, { apiKey: busy.secret });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'ACCESS.RATE_LIMITED' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    expect((await call(t.url, 'GET', ME, { apiKey: calm.secret })).status).toBe(200);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(
      /regua_access_authentications_total\{credential="api_key",outcome="rate_limited"\} 1/,
    );
  });
});
