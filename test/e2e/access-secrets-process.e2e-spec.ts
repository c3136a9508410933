import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { open } from '../../src/platform/access/secrets/secret-cipher';
import { decodeSecretKey, secretKeyOf } from '../../src/platform/access/secrets/secret-key';
import { call, createApiKey, login } from '../support/access-client';
import {
  cleanEnv,
  freePort,
  jsonLines,
  runScript,
  waitReady,
  type RunningProcess,
} from '../support/app-process';
import { createTestDatabase, type TestDatabase } from '../support/database';

const ADMIN = { email: 'owner@isp.example', password: 'owner password 123' };
const IXC_TOKEN = 'ixc-plaintext-token-4b9d2e';
const WEBHOOK = 'https://discord.com/api/webhooks/42/webhook-plaintext-8c1f';
const DEMO_CREDENTIALS = /Demo admin created .* email (\S+) and password (\S+) \(shown only this once\)/;

/** The app as a real process in demo mode, logging everything (trace) to stdout. */
describe('secrets never reach logs or responses; demo key and admin survive restarts (app process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'regua-access-'));
  let database: TestDatabase;
  let db: Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<{ app: RunningProcess; base: string }> {
    const port = await freePort();
    const env = cleanEnv({
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      REGUA_DATA_DIR: dataDir,
      LOG_LEVEL: 'trace',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    const app = runScript('src/main.ts', [], env);
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base);
    return { app, base };
  }

  async function stop(app: RunningProcess): Promise<string> {
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    return app.stdout() + app.stderr();
  }

  it('encrypts integration secrets at rest, shows only that they are set, and never logs them', async () => {
    const { app, base } = await start();
    const firstLogs = jsonLines(app.stdout());
    const demoLine = firstLogs.find((l) => DEMO_CREDENTIALS.test(String(l.msg)));
    expect(demoLine?.level).toBe('warn');
    const [, demoEmail, demoPassword] = DEMO_CREDENTIALS.exec(String(demoLine?.msg)) as unknown as string[];
    expect(firstLogs.some((l) => l.level === 'warn' && /JWT_SECRET is not set/.test(String(l.msg)))).toBe(
      true,
    );

    const demoToken = await login(base, demoEmail as string, demoPassword as string);
    const token = await login(base, ADMIN.email, ADMIN.password, 'default');
    const apiKey = await createApiKey(base, token, { scopes: ['admin'] });

    const put = await call(base, 'PUT', '/api/v1/admin/integrations/ixc', {
      apiKey: apiKey.secret,
      body: {
        settings: { baseUrl: 'https://erp.isp.example/webservice/v1', user: '7' },
        secrets: { token: IXC_TOKEN },
      },
    });
    const discord = await call(base, 'PUT', '/api/v1/admin/integrations/discord', {
      token,
      body: { secrets: { webhookUrl: WEBHOOK } },
    });
    const refused = await call(base, 'PUT', '/api/v1/admin/integrations/ixc', {
      token,
      body: { settings: { apiToken: IXC_TOKEN } },
    });
    const badShape = await call(base, 'PUT', '/api/v1/admin/integrations/ixc', {
      token,
      body: { secrets: { token: 42, 'bad name': IXC_TOKEN } },
    });
    const list = await call(base, 'GET', '/api/v1/admin/integrations', { token });
    expect([put.status, discord.status, refused.status, badShape.status]).toEqual([200, 200, 422, 400]);
    expect(list.body).toMatchObject({
      items: [
        { system: 'discord', secrets: { webhookUrl: { set: true } } },
        {
          system: 'ixc',
          settings: { baseUrl: 'https://erp.isp.example/webservice/v1' },
          secrets: { token: { set: true } },
        },
      ],
    });
    for (const res of [put, discord, refused, badShape, list]) {
      expect(res.text).not.toContain(IXC_TOKEN);
      expect(res.text).not.toContain('webhook-plaintext');
    }

    // At rest: ciphertext only, under the key demo mode generated in REGUA_DATA_DIR (0600).
    const keyFile = join(dataDir, 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const { rows } = await db.query(
      // The demo tenant's own secrets (the simulators' published demo credentials) are not under test.
      `SELECT s.*, t.integrations FROM access.integration_secrets s JOIN access.tenants t ON t.id = s.tenant_id
        WHERE t.slug <> 'demo'`,
    );
    expect(rows).toHaveLength(2);
    const stored = JSON.stringify(rows) + rows.map((r) => (r.ciphertext as Buffer).toString('latin1')).join();
    expect(stored).not.toContain(IXC_TOKEN);
    expect(stored).not.toContain('webhook-plaintext');
    const key = secretKeyOf(decodeSecretKey(readFileSync(keyFile, 'utf8')));
    const ixc = rows.find((r) => r.system === 'ixc');
    const sealed = { ciphertext: ixc.ciphertext, iv: ixc.iv, tag: ixc.tag, keyId: ixc.key_id };
    expect(open(key, sealed, `${ixc.tenant_id}/ixc/token`)).toBe(IXC_TOKEN);
    expect(() => open(key, sealed, `${ixc.tenant_id}/ixc/other`)).toThrow();

    const logs = await stop(app);
    // Request lines carry method, url and status, never the headers (credentials travel there).
    expect(logs).toMatch(/"req":\{"method":"PUT","url":"\/api\/v1\/admin\/integrations\/ixc"\}/);
    expect(logs).not.toContain('"headers"');
    for (const secret of [IXC_TOKEN, 'webhook-plaintext', token, demoToken, apiKey.secret, ADMIN.password]) {
      expect(logs).not.toContain(secret);
    }

    // Restart: the demo admin is not created (nor printed) again, the first admin exists once, the
    // key file is reused so secrets still decrypt, and tokens of the old process died with it.
    const again = await start();
    const oldToken = await call(again.base, 'GET', '/api/v1/auth/me', { token });
    const relist = await call(again.base, 'GET', '/api/v1/admin/integrations', {
      token: await login(again.base, ADMIN.email, ADMIN.password, 'default'),
    });
    const secondLogs = await stop(again.app);
    expect(oldToken.status).toBe(401);
    expect(relist.text).toContain('"token":{"set":true');
    expect(secondLogs).not.toMatch(/Demo admin created/);
    const users = await db.query(`SELECT email FROM access.users ORDER BY email`);
    expect(users.rows).toEqual([{ email: 'admin@demo.regua.local' }, { email: ADMIN.email }]);
    expect(secretKeyOf(decodeSecretKey(readFileSync(keyFile, 'utf8'))).id).toBe(key.id);
  });
});
