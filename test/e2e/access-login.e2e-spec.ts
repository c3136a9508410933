import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { ADMIN_PASSWORD, call, login, tenantAdmin, TEST_SECRET_KEY } from '../support/access-client';
import { AccessFixtureModule } from '../support/access-fixture.module';
import { startTestApp, type TestApp } from '../support/test-app';

const JWT_SECRET = 'a-test-jwt-secret-that-is-long-enough-0123456789';
const MAX_ATTEMPTS = 3;
const ME = '/api/v1/auth/me';

describe('login, tokens, roles and brute-force protection', () => {
  let t: TestApp;
  let acme: Awaited<ReturnType<typeof tenantAdmin>>;
  beforeAll(async () => {
    t = await startTestApp({
      extraModules: [AccessFixtureModule],
      env: { JWT_SECRET, LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS), REGUA_SECRET_KEY: TEST_SECRET_KEY },
    });
    acme = await tenantAdmin(t, 'acme');
  });
  afterAll(() => t?.close());

  const attempt = (email: string, password: string, tenant?: string, from?: string) =>
    call(t.url, 'POST', '/api/v1/auth/login', {
      body: { email, password, ...(tenant ? { tenant } : {}) },
      // The app trusts its loopback proxy: this is how a request from another client address looks.
      headers: from ? { 'x-forwarded-for': from } : {},
    });

  it('returns a Bearer token whose principal is the user, tenant and role', async () => {
    const res = await attempt('ADMIN@acme.test', ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
    const claims = new JwtService().decode<Record<string, unknown>>(res.body.accessToken as string);
    expect(claims).toMatchObject({ sub: acme.userId, tid: acme.tenantId, role: 'admin', iss: 'regua' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);

    const me = await call(t.url, 'GET', ME, { token: res.body.accessToken as string });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      kind: 'user',
      tenantId: acme.tenantId,
      role: 'admin',
      scopes: [],
      userId: acme.userId,
    });
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await attempt('admin@acme.test', 'not the password');
    const unknown = await attempt('nobody@acme.test', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const strip = (body: Record<string, unknown>) => ({ ...body, correlationId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body).toMatchObject({ code: 'ACCESS.UNAUTHENTICATED', status: 401 });
  });

  it('needs the tenant when the email exists in several tenants', async () => {
    const shared = 'shared@example.com';
    const one = await tenantAdmin(t, 'shared-one', shared);
    await tenantAdmin(t, 'shared-two', shared);

    expect((await attempt(shared, ADMIN_PASSWORD)).status).toBe(401);
    const token = await login(t.url, shared, ADMIN_PASSWORD, 'shared-one');
    expect((await call(t.url, 'GET', ME, { token })).body).toMatchObject({ tenantId: one.tenantId });
    expect((await attempt(shared, ADMIN_PASSWORD, 'no-such-tenant')).status).toBe(401);
  });

  it(`answers 429 with Retry-After after ${MAX_ATTEMPTS} failed attempts, even for the right password`, async () => {
    const victim = await tenantAdmin(t, 'victim');
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      expect((await attempt(victim.email, `guess number ${i}`)).status).toBe(401);
    }
    const blocked = await attempt(victim.email, ADMIN_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: 'ACCESS.RATE_LIMITED', status: 429 });
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(t.config.LOGIN_WINDOW_SECONDS);
    expect(blocked.body.retryAfter).toBe(retryAfter);

    // Other accounts are not locked by it, and successful logins do not use up failures.
    for (let i = 0; i < MAX_ATTEMPTS + 1; i++) await login(t.url, acme.email, ADMIN_PASSWORD);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/regua_access_logins_total\{outcome="rate_limited"\} [1-9]/);
  });

  it('locks out only the address that failed: the real user logs in from elsewhere, and is limited there too', async () => {
    const target = await tenantAdmin(t, 'lockout');
    const attacker = '198.51.100.66';
    const user = '203.0.113.10';
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      expect((await attempt(target.email, `attack ${i}`, undefined, attacker)).status).toBe(401);
    }
    // The attacker's address is locked out of the account, even with the right password...
    expect((await attempt(target.email, ADMIN_PASSWORD, undefined, attacker)).status).toBe(429);
    // ...but the user, from their own address, gets in with it.
    const ok = await attempt(target.email, ADMIN_PASSWORD, undefined, user);
    expect(ok.status).toBe(200);
    const me = await call(t.url, 'GET', ME, { token: ok.body.accessToken as string });
    expect(me.body).toMatchObject({ userId: target.userId });

    // Wrong passwords from the user's address are still limited.
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      expect((await attempt(target.email, `typo ${i}`, undefined, user)).status).toBe(401);
    }
    expect((await attempt(target.email, `typo again`, undefined, user)).status).toBe(429);
    expect((await attempt(target.email, ADMIN_PASSWORD, undefined, user)).status).toBe(429);
  });

  it('limits one address across accounts (password spraying) and in attempts of any outcome', async () => {
    const sprayer = '198.51.100.77';
    const sprayLimit = MAX_ATTEMPTS * 5;
    for (let i = 0; i < sprayLimit; i++) {
      expect((await attempt(`someone-${i}@spray.test`, 'Summer2026!', undefined, sprayer)).status).toBe(401);
    }
    expect((await attempt('fresh@spray.test', 'Summer2026!', undefined, sprayer)).status).toBe(429);

    const office = '203.0.113.99';
    const attemptLimit = MAX_ATTEMPTS * 20;
    for (let i = 0; i < attemptLimit; i++) {
      expect((await attempt(acme.email, ADMIN_PASSWORD, undefined, office)).status).toBe(200);
    }
    expect((await attempt(acme.email, ADMIN_PASSWORD, undefined, office)).status).toBe(429);
    expect((await attempt(acme.email, ADMIN_PASSWORD, undefined, '203.0.113.100')).status).toBe(200);
  });

  it('refuses missing, malformed, garbage, expired, foreign and unsigned tokens with 401', async () => {
    const claims = { sub: acme.userId, tid: acme.tenantId, role: 'admin', ver: 0 };
    const sign = (secret: string, options: Record<string, unknown> = {}) =>
      new JwtService({ secret }).sign(claims, { issuer: 'regua', ...options });
    const withClaims = (overrides: Record<string, unknown>) =>
      new JwtService({ secret: JWT_SECRET }).sign({ ...claims, ...overrides }, { issuer: 'regua' });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, iss: 'regua', exp: Math.floor(Date.now() / 1000) + 600 }),
    ).toString('base64url')}.`;
    const cases: Array<[string, Record<string, string>]> = [
      ['no credentials', {}],
      ['not Bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['garbage', { authorization: 'Bearer not-a-jwt' }],
      ['expired', { authorization: `Bearer ${sign(JWT_SECRET, { expiresIn: -10 })}` }],
      ['other secret', { authorization: `Bearer ${sign('x'.repeat(48))}` }],
      ['other issuer', { authorization: `Bearer ${sign(JWT_SECRET, { issuer: 'someone-else' })}` }],
      ['alg none', { authorization: `Bearer ${unsigned}` }],
      ['no token version', { authorization: `Bearer ${withClaims({ ver: undefined })}` }],
      ['older token version', { authorization: `Bearer ${withClaims({ ver: 1 })}` }],
      ['unknown user', { authorization: `Bearer ${withClaims({ sub: randomUUID() })}` }],
      ['not a uuid', { authorization: `Bearer ${withClaims({ sub: 'x\u0000' })}` }],
    ];
    for (const [name, headers] of cases) {
      const res = await call(t.url, 'GET', ME, { headers });
      expect([name, res.status, res.body.code]).toEqual([name, 401, 'ACCESS.UNAUTHENTICATED']);
    }
    // The control: the same claims signed properly are accepted.
    expect((await call(t.url, 'GET', ME, { token: sign(JWT_SECRET) })).status).toBe(200);
  });

  it('lets roles decide: an operator is refused admin routes with 403, allowed its own', async () => {
    const created = await call(t.url, 'POST', '/api/v1/admin/users', {
      token: acme.token,
      body: { email: 'op@acme.test', password: 'operator password', role: 'operator' },
    });
    expect(created.status).toBe(201);
    const operator = await login(t.url, 'op@acme.test', 'operator password');
    const refused = await call(t.url, 'GET', '/api/v1/admin/api-keys', { token: operator });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'ACCESS.FORBIDDEN' });
    expect((await call(t.url, 'GET', '/api/fixture/access/operators', { token: operator })).status).toBe(200);
    expect((await call(t.url, 'GET', ME, { token: operator })).body).toMatchObject({ role: 'operator' });
  });

  it('validates the login body', async () => {
    const res = await call(t.url, 'POST', '/api/v1/auth/login', {
      body: { email: 'a@b.c', tenant: 'Bad Slug' },
    });
    expect(res.status).toBe(400);
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual([
      'password',
      'tenant',
    ]);
  });
});
