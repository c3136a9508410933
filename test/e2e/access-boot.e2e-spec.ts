import { Client } from 'pg';
import { IntegrationSecrets } from '../../src/platform/access/integrations/integration-secrets';
import { call, createApiKey, login } from '../support/access-client';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp } from '../support/test-app';

const ADMIN = { email: 'first-admin@isp.example', password: 'first admin password' };
const LIVE = {
  REGUA_MODE: 'live',
  IXC_BASE_URL: 'https://erp.isp.example/webservice/v1',
  IXC_USER: '7',
  IXC_TOKEN: 'ixc-token-from-env-7f3a',
  MAGNUS_BASE_URL: 'https://voip.isp.example/mbilling',
  MAGNUS_API_KEY: 'magnus-key-from-env-91c2',
  MAGNUS_API_SECRET: 'magnus-secret-from-env-55d0',
  DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/discord-token-from-env-0b1e',
  JWT_SECRET: 'live-jwt-secret-that-is-long-enough-abcdef0123',
  REGUA_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
};
const ENV_SECRETS = [LIVE.IXC_TOKEN, LIVE.MAGNUS_API_KEY, LIVE.MAGNUS_API_SECRET, 'discord-token-from-env'];

describe('live-mode boot: first admin and default tenant integrations from the environment', () => {
  let database: TestDatabase;
  beforeAll(async () => (database = await createTestDatabase()));
  afterAll(() => database?.drop());

  const admins = async (): Promise<Array<{ id: string; slug: string }>> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT u.id, t.slug FROM access.users u JOIN access.tenants t ON t.id = u.tenant_id WHERE u.email = $1`,
      [ADMIN.email],
    );
    await client.end();
    return rows as Array<{ id: string; slug: string }>;
  };

  it('creates them once; later starts keep what was changed through the API', async () => {
    const first = await startTestApp({ env: LIVE, database });
    let token: string;
    try {
      token = await login(first.url, ADMIN.email, ADMIN.password);
      const me = await call<{ tenantId: string }>(first.url, 'GET', '/api/v1/auth/me', { token });
      const integrations = await call(first.url, 'GET', '/api/v1/admin/integrations', { token });
      expect(integrations.body).toEqual({
        items: [
          {
            system: 'discord',
            settings: {},
            secrets: { webhookUrl: { set: true, updatedAt: expect.any(String) } },
          },
          {
            system: 'ixc',
            settings: { baseUrl: LIVE.IXC_BASE_URL, user: '7' },
            secrets: { token: { set: true, updatedAt: expect.any(String) } },
          },
          {
            system: 'magnus',
            settings: { baseUrl: LIVE.MAGNUS_BASE_URL, contractField: 'dist' },
            secrets: {
              apiKey: { set: true, updatedAt: expect.any(String) },
              apiSecret: { set: true, updatedAt: expect.any(String) },
            },
          },
        ],
      });
      for (const secret of ENV_SECRETS) expect(integrations.text).not.toContain(secret);
      const secrets = first.app.get(IntegrationSecrets);
      expect(await secrets.get(me.body.tenantId, 'ixc', 'token')).toBe(LIVE.IXC_TOKEN);
      expect(await secrets.get(me.body.tenantId, 'discord', 'webhookUrl')).toBe(LIVE.DISCORD_WEBHOOK_URL);
      expect(await secrets.get(me.body.tenantId, 'ixc', 'missing')).toBeUndefined();

      const changed = await call(first.url, 'PUT', '/api/v1/admin/integrations/ixc', {
        token,
        body: {
          settings: { baseUrl: 'https://erp2.isp.example/webservice/v1', user: '8' },
          secrets: { token: 'rotated' },
        },
      });
      expect(changed.status).toBe(200);
      expect((await createApiKey(first.url, token, { scopes: ['billing:send'] })).secret).toMatch(
        /^rg_live_/,
      );
    } finally {
      await first.close();
    }
    expect(await admins()).toEqual([{ id: expect.any(String), slug: 'default' }]);

    const second = await startTestApp({ env: LIVE, database });
    try {
      expect(await admins()).toHaveLength(1);
      // Same JWT_SECRET: a token from before the restart still works.
      const integrations = await call<{ items: Array<{ system: string; settings: unknown }> }>(
        second.url,
        'GET',
        '/api/v1/admin/integrations',
        { token },
      );
      expect(integrations.body.items.find((i) => i.system === 'ixc')?.settings).toEqual({
        baseUrl: 'https://erp2.isp.example/webservice/v1',
        user: '8',
      });
      const me = await call<{ tenantId: string }>(second.url, 'GET', '/api/v1/auth/me', { token });
      expect(await second.app.get(IntegrationSecrets).get(me.body.tenantId, 'ixc', 'token')).toBe('rotated');
    } finally {
      await second.close();
    }
  });
});
