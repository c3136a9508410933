import {
  ADMIN_PASSWORD,
  call,
  createApiKey,
  login,
  tenantAdmin,
  TEST_SECRET_KEY,
} from '../support/access-client';
import { startTestApp, type TestApp } from '../support/test-app';

const MAX_ATTEMPTS = 5;
const ME = '/api/v1/auth/me';
const USERS = '/api/v1/admin/users';
const OPERATOR_PASSWORD = 'operator password 1';

describe('managing users: role, disable, delete, passwords, and sessions that end at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS), REGUA_SECRET_KEY: TEST_SECRET_KEY },
    });
  });
  afterAll(() => t?.close());

  const loginStatus = async (email: string, password: string) =>
    (await call(t.url, 'POST', '/api/v1/auth/login', { body: { email, password } })).status;

  async function addUser(adminToken: string, email: string, role: 'admin' | 'operator' = 'operator') {
    const res = await call<{ id: string }>(t.url, 'POST', USERS, {
      token: adminToken,
      body: { email, password: OPERATOR_PASSWORD, role },
    });
    expect(res.status).toBe(201);
    return { id: res.body.id, email, token: await login(t.url, email, OPERATOR_PASSWORD) };
  }

  it('disabling a user ends its sessions at once and refuses its logins; enabling revives no old session', async () => {
    const admin = await tenantAdmin(t, 'disable');
    const op = await addUser(admin.token, 'op@disable.test');
    expect((await call(t.url, 'GET', ME, { token: op.token })).status).toBe(200);

    const disabled = await call(t.url, 'PATCH', `${USERS}/${op.id}`, {
      token: admin.token,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: op.id, role: 'operator', disabled: true });

    const refused = await call(t.url, 'GET', ME, { token: op.token });
    expect([refused.status, refused.body.code]).toEqual([401, 'ACCESS.UNAUTHENTICATED']);
    expect(await loginStatus(op.email, OPERATOR_PASSWORD)).toBe(401);

    const enabled = await call(t.url, 'PATCH', `${USERS}/${op.id}`, {
      token: admin.token,
      body: { disabled: false },
    });
    expect(enabled.body).toMatchObject({ disabled: false });
    expect((await call(t.url, 'GET', ME, { token: op.token })).status).toBe(401);
    const fresh = await login(t.url, op.email, OPERATOR_PASSWORD);
    expect((await call(t.url, 'GET', ME, { token: fresh })).status).toBe(200);
  });

  it('a role change takes effect on the tokens already issued', async () => {
    const admin = await tenantAdmin(t, 'roles');
    const op = await addUser(admin.token, 'op@roles.test');
    expect((await call(t.url, 'GET', USERS, { token: op.token })).status).toBe(403);

    const promoted = await call(t.url, 'PATCH', `${USERS}/${op.id}`, {
      token: admin.token,
      body: { role: 'admin' },
    });
    expect(promoted.body).toMatchObject({ role: 'admin', disabled: false });
    expect((await call(t.url, 'GET', USERS, { token: op.token })).status).toBe(200);
    expect((await call(t.url, 'GET', ME, { token: op.token })).body).toMatchObject({ role: 'admin' });

    await call(t.url, 'PATCH', `${USERS}/${op.id}`, { token: admin.token, body: { role: 'operator' } });
    expect((await call(t.url, 'GET', USERS, { token: op.token })).status).toBe(403);
  });

  it('deleting a user ends its sessions and its logins', async () => {
    const admin = await tenantAdmin(t, 'delete');
    const op = await addUser(admin.token, 'op@delete.test');
    const removed = await call(t.url, 'DELETE', `${USERS}/${op.id}`, { token: admin.token });
    expect(removed.status).toBe(204);
    expect((await call(t.url, 'GET', ME, { token: op.token })).status).toBe(401);
    expect((await call(t.url, 'GET', `${USERS}/${op.id}`, { token: admin.token })).status).toBe(404);
    expect(await loginStatus(op.email, OPERATOR_PASSWORD)).toBe(401);
    expect((await call(t.url, 'DELETE', `${USERS}/${op.id}`, { token: admin.token })).status).toBe(404);
  });

  it('an admin resets a password: the old one and every old session stop working', async () => {
    const admin = await tenantAdmin(t, 'reset');
    const op = await addUser(admin.token, 'op@reset.test');
    const short = await call(t.url, 'PUT', `${USERS}/${op.id}/password`, {
      token: admin.token,
      body: { password: 'short' },
    });
    expect(short.status).toBe(400);
    expect((await call(t.url, 'GET', ME, { token: op.token })).status).toBe(200);

    const reset = await call(t.url, 'PUT', `${USERS}/${op.id}/password`, {
      token: admin.token,
      body: { password: 'a brand new password' },
    });
    expect(reset.status).toBe(204);
    expect((await call(t.url, 'GET', ME, { token: op.token })).status).toBe(401);
    expect(await loginStatus(op.email, OPERATOR_PASSWORD)).toBe(401);
    expect(await loginStatus(op.email, 'a brand new password')).toBe(200);
  });

  it('a user changes their own password with the current one; other sessions end, the caller gets a fresh token', async () => {
    const admin = await tenantAdmin(t, 'self');
    const op = await addUser(admin.token, 'op@self.test');
    const otherSession = await login(t.url, op.email, OPERATOR_PASSWORD);
    const change = (token: string, currentPassword: string, newPassword: string) =>
      call(t.url, 'PUT', '/api/v1/auth/password', { token, body: { currentPassword, newPassword } });

    const wrong = await change(op.token, 'not my password', 'my new password 2');
    expect([wrong.status, wrong.body.code]).toEqual([403, 'ACCESS.WRONG_CURRENT_PASSWORD']);
    expect((await change(op.token, OPERATOR_PASSWORD, 'short')).status).toBe(400);
    expect((await call(t.url, 'GET', ME, { token: otherSession })).status).toBe(200);

    const changed = await change(op.token, OPERATOR_PASSWORD, 'my new password 2');
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
    expect((await call(t.url, 'GET', ME, { token: op.token })).status).toBe(401);
    expect((await call(t.url, 'GET', ME, { token: otherSession })).status).toBe(401);
    const me = await call(t.url, 'GET', ME, { token: changed.body.accessToken as string });
    expect(me.body).toMatchObject({ userId: op.id, role: 'operator' });
    expect(await loginStatus(op.email, OPERATOR_PASSWORD)).toBe(401);
    expect(await loginStatus(op.email, 'my new password 2')).toBe(200);
  });

  it('limits guesses of the current password, and API keys have no password to change', async () => {
    const admin = await tenantAdmin(t, 'guess');
    const body = { currentPassword: 'guess', newPassword: 'whatever long enough' };
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const res = await call(t.url, 'PUT', '/api/v1/auth/password', { token: admin.token, body });
      expect(res.status).toBe(403);
    }
    const limited = await call(t.url, 'PUT', '/api/v1/auth/password', {
      token: admin.token,
      body: { currentPassword: ADMIN_PASSWORD, newPassword: 'whatever long enough' },
    });
    expect([limited.status, limited.body.code]).toEqual([429, 'ACCESS.RATE_LIMITED']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await loginStatus(admin.email, ADMIN_PASSWORD)).toBe(200);

    const key = await createApiKey(t.url, admin.token, { scopes: ['admin'] });
    const byKey = await call(t.url, 'PUT', '/api/v1/auth/password', { apiKey: key.secret, body });
    expect([byKey.status, byKey.body.code]).toEqual([403, 'ACCESS.FORBIDDEN']);
  });

  it("keeps the tenant's last enabled admin: no demotion, disable or delete (409)", async () => {
    const admin = await tenantAdmin(t, 'last-admin');
    const attempts = [
      call(t.url, 'PATCH', `${USERS}/${admin.userId}`, { token: admin.token, body: { role: 'operator' } }),
      call(t.url, 'PATCH', `${USERS}/${admin.userId}`, { token: admin.token, body: { disabled: true } }),
      call(t.url, 'DELETE', `${USERS}/${admin.userId}`, { token: admin.token }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect([res.status, res.body.code]).toEqual([409, 'ACCESS.LAST_ADMIN']);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await call(t.url, 'GET', ME, { token: admin.token })).body).toMatchObject({ role: 'admin' });

    // A disabled admin does not count as one.
    const second = await addUser(admin.token, 'second@last-admin.test', 'admin');
    await call(t.url, 'PATCH', `${USERS}/${second.id}`, { token: admin.token, body: { disabled: true } });
    const demote = await call(t.url, 'PATCH', `${USERS}/${admin.userId}`, {
      token: admin.token,
      body: { role: 'operator' },
    });
    expect(demote.status).toBe(409);
  });

  it('two admins removing each other at the same time: exactly one succeeds', async () => {
    const one = await tenantAdmin(t, 'race');
    const two = await addUser(one.token, 'two@race.test', 'admin');
    const results = await Promise.all([
      call(t.url, 'DELETE', `${USERS}/${two.id}`, { token: one.token }),
      call(t.url, 'DELETE', `${USERS}/${one.userId}`, { token: two.token }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // Whoever lost was either refused as the last admin (409) or was already gone (401).
    expect(statuses[0]).toBe(204);
    expect([401, 409]).toContain(statuses[1]);
    const { body } = await call<{ items: Array<{ role: string; disabled: boolean }> }>(t.url, 'GET', USERS, {
      token: results[0]?.status === 204 ? one.token : two.token,
    });
    expect(body.items).toEqual([expect.objectContaining({ role: 'admin', disabled: false })]);
  });

  it("only admins manage users, and another tenant's user is not found (nothing changes)", async () => {
    const admin = await tenantAdmin(t, 'iso-a');
    const other = await tenantAdmin(t, 'iso-b');
    const theirs = await addUser(other.token, 'op@iso-b.test');
    const op = await addUser(admin.token, 'op@iso-a.test');

    const forbidden = [
      call(t.url, 'PATCH', `${USERS}/${op.id}`, { token: op.token, body: { role: 'admin' } }),
      call(t.url, 'DELETE', `${USERS}/${admin.userId}`, { token: op.token }),
      call(t.url, 'PUT', `${USERS}/${admin.userId}/password`, {
        token: op.token,
        body: { password: 'taken over by operator' },
      }),
    ];
    for (const res of await Promise.all(forbidden)) expect(res.status).toBe(403);

    const foreign = [
      call(t.url, 'PATCH', `${USERS}/${theirs.id}`, { token: admin.token, body: { disabled: true } }),
      call(t.url, 'DELETE', `${USERS}/${theirs.id}`, { token: admin.token }),
      call(t.url, 'PUT', `${USERS}/${theirs.id}/password`, {
        token: admin.token,
        body: { password: 'taken over by tenant a' },
      }),
    ];
    for (const res of await Promise.all(foreign)) {
      expect([res.status, res.body.code]).toEqual([404, 'ACCESS.USER_NOT_FOUND']);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await call(t.url, 'GET', ME, { token: theirs.token })).status).toBe(200);
    expect(await loginStatus(theirs.email, OPERATOR_PASSWORD)).toBe(200);
    expect((await call(t.url, 'GET', ME, { token: admin.token })).body).toMatchObject({ role: 'admin' });
  });

  it('refuses bad input with a 4xx problem and changes nothing', async () => {
    const admin = await tenantAdmin(t, 'bad-input');
    const op = await addUser(admin.token, 'op@bad-input.test');
    const cases: Array<[string, string, unknown, number]> = [
      ['PATCH', `${USERS}/${op.id}`, {}, 422],
      ['PATCH', `${USERS}/${op.id}`, { role: 'root' }, 400],
      ['PATCH', `${USERS}/${op.id}`, { disabled: 'yes' }, 400],
      ['PATCH', `${USERS}/${op.id}`, { disabled: null, role: null }, 422],
      ['PATCH', `${USERS}/${op.id}`, { email: 'new@bad-input.test' }, 400],
      ['PATCH', `${USERS}/not-a-uuid`, { disabled: true }, 400],
      ['DELETE', `${USERS}/not-a-uuid`, undefined, 400],
      ['PUT', `${USERS}/${op.id}/password`, { password: 12345678901234 }, 400],
      ['PUT', `${USERS}/${op.id}/password`, { password: 'x'.repeat(257) }, 400],
      ['PUT', '/api/v1/auth/password', { newPassword: 'long enough password' }, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await call(t.url, method, path, { token: admin.token, body });
      expect([method, path, body, res.status]).toEqual([method, path, body, status]);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await call(t.url, 'GET', `${USERS}/${op.id}`, { token: admin.token })).body).toMatchObject({
      role: 'operator',
      disabled: false,
    });
    expect((await call(t.url, 'GET', ME, { token: op.token })).status).toBe(200);
  });
});
