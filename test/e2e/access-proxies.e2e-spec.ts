import { call, createApiKey, tenantAdmin, TEST_SECRET_KEY } from '../support/access-client';
import { startTestApp, type TestApp } from '../support/test-app';

const ME = '/api/v1/auth/me';
const forwardedFor = (address: string) => ({ 'x-forwarded-for': address });

describe('X-Forwarded-For is believed only from TRUSTED_PROXIES', () => {
  describe('from a peer that is not a trusted proxy', () => {
    const MAX_ATTEMPTS = 1;
    /** Login allows five times LOGIN_MAX_ATTEMPTS failures per client address. */
    const ADDRESS_LIMIT = MAX_ATTEMPTS * 5;
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof tenantAdmin>>;
    beforeAll(async () => {
      // The tests connect from 127.0.0.1, which this deployment does not trust as a proxy.
      t = await startTestApp({
        env: {
          REGUA_SECRET_KEY: TEST_SECRET_KEY,
          TRUSTED_PROXIES: '10.9.9.9',
          LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        },
      });
      admin = await tenantAdmin(t, 'proxies');
    });
    afterAll(() => t?.close());

    it('judges the API-key allow-list by the real peer address, not a forged one', async () => {
      const elsewhere = await createApiKey(t.url, admin.token, {
        scopes: ['billing:read'],
        allowedIps: ['192.0.2.1'],
      });
      const forged = await call(t.url, 'GET', ME, {
        apiKey: elsewhere.secret,
        headers: forwardedFor('192.0.2.1'),
      });
      expect([forged.status, forged.body.code]).toEqual([403, 'ACCESS.IP_NOT_ALLOWED']);

      const here = await createApiKey(t.url, admin.token, {
        scopes: ['billing:read'],
        allowedIps: ['127.0.0.1'],
      });
      const real = await call(t.url, 'GET', ME, { apiKey: here.secret, headers: forwardedFor('192.0.2.77') });
      expect(real.status).toBe(200);
    });

    it('counts failed logins against the real address whatever X-Forwarded-For claims', async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= ADDRESS_LIMIT; i++) {
        const res = await call(t.url, 'POST', '/api/v1/auth/login', {
          body: { email: `nobody-${i}@proxies.test`, password: 'not the password' },
          headers: forwardedFor(`198.51.100.${i + 1}`),
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([...Array<number>(ADDRESS_LIMIT).fill(401), 429]);
    });
  });

  describe('from a trusted proxy (loopback, the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { REGUA_SECRET_KEY: TEST_SECRET_KEY } });
    });
    afterAll(() => t?.close());

    it('takes the client address the proxy forwards', async () => {
      const admin = await tenantAdmin(t, 'behind-proxy');
      const key = await createApiKey(t.url, admin.token, {
        scopes: ['billing:read'],
        allowedIps: ['192.0.2.1'],
      });
      expect(
        (await call(t.url, 'GET', ME, { apiKey: key.secret, headers: forwardedFor('192.0.2.1') })).status,
      ).toBe(200);
      expect((await call(t.url, 'GET', ME, { apiKey: key.secret })).status).toBe(403);
    });
  });
});
