import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { IntegrationSecrets } from '../../src/platform/access/integrations/integration-secrets';
import { Tenants } from '../../src/platform/access/tenants';
import { call, tenantAdmin, TEST_SECRET_KEY } from '../support/access-client';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

const IXC = '/api/v1/admin/integrations/ixc';
const INTERNAL_ANSWER = 'guest:guest internal management answer';

describe('integration URLs that tenant admins set cannot reach the host itself', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof tenantAdmin>>;
  let internal: Server;
  let internalPort: number;
  let internalHits = 0;

  beforeAll(async () => {
    // Stands for the host's own services (the broker's management port, a database admin page…).
    internal = createServer((_req, res) => {
      internalHits += 1;
      res.writeHead(500, { 'content-type': 'text/html' }).end(`<html><body>${INTERNAL_ANSWER}</body></html>`);
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    internalPort = (internal.address() as AddressInfo).port;
    t = await startTestApp({ env: { REGUA_SECRET_KEY: TEST_SECRET_KEY, OUTBOX_RELAY_ENABLED: 'false' } });
    admin = await tenantAdmin(t, 'urls');
    const saved = await call(t.url, 'PUT', IXC, {
      token: admin.token,
      body: { settings: { baseUrl: 'https://erp.urls.example/webservice/v1', user: '7' } },
    });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => internal?.close(resolve));
  });

  const ixcSettings = async () =>
    (
      await call<{ items: Array<{ system: string; settings: unknown }> }>(
        t.url,
        'GET',
        '/api/v1/admin/integrations',
        {
          token: admin.token,
        },
      )
    ).body.items.find((i) => i.system === 'ixc')?.settings;

  it.each([
    ['http://127.0.0.1:{internal}/api/overview', 'loopback'],
    ['http://localhost:15672/api/queues', 'loopback'],
    ['http://[::1]:5432/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://0.0.0.0:3000/', 'unspecified'],
    ['http://239.1.1.1/', 'multicast'],
    ['http://10.0.0.5/webservice/v1', 'private'],
    ['ftp://erp.example.com/', 'must be http or https'],
    ['file:///etc/passwd', 'must be http or https'],
    ['not a url at all', 'is not a URL'],
  ])('refuses %s with 422 naming the field (%s), saving nothing', async (url, problem) => {
    const before = await ixcSettings();
    const res = await call(t.url, 'PUT', IXC, {
      token: admin.token,
      body: { settings: { baseUrl: url.replace('{internal}', String(internalPort)), user: '7' } },
    });
    expect([res.status, res.body.code]).toEqual([422, 'ACCESS.INVALID_INPUT']);
    expect(res.body.title).toContain('settings.baseUrl');
    expect(res.body.title).toContain(problem);
    expect(await ixcSettings()).toEqual(before);
  });

  it('checks URLs held in secrets too (a Discord webhook aimed at the metadata service)', async () => {
    const res = await call(t.url, 'PUT', '/api/v1/admin/integrations/discord', {
      token: admin.token,
      body: { secrets: { webhookUrl: 'http://169.254.169.254/latest/meta-data/iam/' } },
    });
    expect([res.status, res.body.title]).toEqual([422, expect.stringContaining('secrets.webhookUrl')]);
    expect(await t.app.get(IntegrationSecrets).get(admin.tenantId, 'discord', 'webhookUrl')).toBeUndefined();
  });

  it('accepts public hosts and the built-in simulators', async () => {
    const simulator = t.app.get(DemoEnvironment).urls.ixc;
    for (const baseUrl of ['https://erp.provedor.example/webservice/v1', `${simulator}/webservice/v1`]) {
      const res = await call(t.url, 'PUT', IXC, {
        token: admin.token,
        body: { settings: { baseUrl, user: '7' } },
      });
      expect([baseUrl, res.status]).toEqual([baseUrl, 200]);
    }
  });

  it('refuses at call time a URL that got past the save check: the host is never called, nothing is echoed', async () => {
    // As if saved before the check existed (or by a name that resolves to 127.0.0.1).
    await t.app.get(Tenants).setIntegration(admin.tenantId, 'ixc', {
      baseUrl: `http://127.0.0.1:${internalPort}/webservice/v1`,
      user: '7',
      maxRetries: 0,
    });
    await t.app.get(IntegrationSecrets).put(admin.tenantId, 'ixc', { token: 'tenant-token' });
    const started = await call<{ id: string }>(t.url, 'POST', '/api/v1/ixc/sync', {
      token: admin.token,
      body: { mode: 'full', resources: ['cliente'] },
    });
    expect(started.status).toBe(202);
    const run = await eventually(
      async () => {
        const res = await call<{ status: string; error: string | null }>(
          t.url,
          'GET',
          `/api/v1/ixc/sync/runs/${started.body.id}`,
          { token: admin.token },
        );
        return res.body.status !== 'running' && res.body;
      },
      { timeoutMs: 60_000, description: 'the sync run to fail' },
    );
    expect(run.status).toBe('failed');
    expect(run.error).toContain('EOUTBOUNDREFUSED');
    expect(run.error).not.toContain(INTERNAL_ANSWER);
    expect(internalHits).toBe(0);
  });

  it('refuses a Magnus URL aimed at the host at call time too: the enforcement run fails, the host is never called', async () => {
    await t.app.get(Tenants).setIntegration(admin.tenantId, 'magnus', {
      baseUrl: `http://127.0.0.1:${internalPort}/mbilling`,
      maxRetries: 0,
    });
    await t.app.get(IntegrationSecrets).put(admin.tenantId, 'magnus', { apiKey: 'key', apiSecret: 'secret' });
    const hitsBefore = internalHits;
    const started = await call<{ id: string }>(t.url, 'POST', '/api/v1/enforcement/runs', {
      token: admin.token,
      body: { dryRun: true },
    });
    expect(started.status).toBe(202);
    const run = await eventually(
      async () => {
        const res = await call<{ status: string; error: string | null }>(
          t.url,
          'GET',
          `/api/v1/enforcement/runs/${started.body.id}`,
          { token: admin.token },
        );
        return !['planning', 'running', 'queued'].includes(res.body.status) && res.body;
      },
      { timeoutMs: 60_000, description: 'the enforcement run to fail' },
    );
    expect(run.status).toBe('failed');
    expect(run.error ?? '').not.toContain(INTERNAL_ANSWER);
    expect(internalHits).toBe(hitsBefore);
  });
});

describe('a deployment whose ERPs live on a private network', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REGUA_SECRET_KEY: TEST_SECRET_KEY,
        OUTBOX_RELAY_ENABLED: 'false',
        INTEGRATION_ALLOW_PRIVATE_NETWORKS: 'true',
        INTEGRATION_ALLOWED_HOSTS: 'ixc.provedor.lan',
      },
    });
    token = (await tenantAdmin(t, 'on-premises')).token;
  });
  afterAll(() => t?.close());

  it('accepts private addresses and allow-listed hosts, never loopback or link-local', async () => {
    const put = async (baseUrl: string) =>
      (await call(t.url, 'PUT', IXC, { token, body: { settings: { baseUrl, user: '7' } } })).status;
    expect(await put('http://10.20.0.5/webservice/v1')).toBe(200);
    expect(await put('https://192.168.0.10/webservice/v1')).toBe(200);
    expect(await put('http://ixc.provedor.lan/webservice/v1')).toBe(200);
    expect(await put('http://127.0.0.1:15672/')).toBe(422);
    expect(await put('http://169.254.169.254/')).toBe(422);
  });
});
