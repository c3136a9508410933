import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntegrationSecrets } from '../../src/platform/access/integrations/integration-secrets';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { demoIntegration } from '../../src/platform/demo/demo-integrations';
import { EVOLUTION_DEMO_CREDENTIALS, SimulatorControl } from '../../src/simulators';
import { call, login, tenantAdmin } from '../support/access-client';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

const NEVER = '0 0 1 1 *';

interface WebhookRecord {
  url: string;
  enabled: boolean;
  events: string[];
  headers: Record<string, string>;
  webhookByEvents: boolean;
  webhookBase64: boolean;
}

interface Delivery {
  delivered: boolean;
  status?: number;
  error?: string;
}

describe('WhatsApp replies come back through the registered Evolution webhook (demo simulators)', () => {
  let t: TestApp;
  let db: DataSource;
  let evolution: SimulatorControl;
  let evolutionUrl: string;
  let demoTenantId: string;

  /** `GET /webhook/find/{instance}` on the simulated Evolution, as Evolution itself answers it. */
  const find = async (instance: string): Promise<WebhookRecord | null> => {
    const res = await fetch(`${evolutionUrl}/webhook/find/${instance}`, {
      headers: { apikey: EVOLUTION_DEMO_CREDENTIALS.apiKey },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as WebhookRecord | null;
  };

  /** A debtor of the demo tenant with a WhatsApp number, one open debt and a planned WhatsApp step. */
  async function seedDebtor(whatsapp: string): Promise<{ id: string; scheduleId: string }> {
    const id = `ixc:${whatsapp.slice(-6)}`;
    await db.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, email, whatsapp)
       VALUES ($1, $2, 'ixc', $3, $4, $5)`,
      [demoTenantId, id, `Cliente ${whatsapp}`, `c${whatsapp}@mail.test`, whatsapp],
    );
    await db.query(
      `INSERT INTO notification_flow.debts (tenant_id, id, debtor_id, source, due_date, amount_cents, open_cents, status)
       VALUES ($1, $2, $3, 'ixc', current_date - 3, 9990, 9990, 'open')`,
      [demoTenantId, `${id}-debt`, id],
    );
    const scheduleId = randomUUID();
    await db.query(
      `INSERT INTO notification_flow.schedules (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index,
         channel, type, anchor_date, planned_at, due_at, status)
       VALUES ($1, $2, $3, $4, 1, 'D+5', 0, 'whatsapp', 'overdue', current_date - 3, now(),
               now() + interval '2 days', 'planned')`,
      [scheduleId, demoTenantId, id, randomUUID()],
    );
    return { id, scheduleId };
  }

  const debtorState = async (id: string) => {
    const [debtor] = (await db.query(
      `SELECT opted_out_at FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2`,
      [demoTenantId, id],
    )) as Array<{ opted_out_at: Date | null }>;
    const schedules = (await db.query(
      `SELECT status, status_reason FROM notification_flow.schedules WHERE tenant_id = $1 AND debtor_id = $2`,
      [demoTenantId, id],
    )) as Array<{ status: string; status_reason: string | null }>;
    const history = (await db.query(
      `SELECT event, detail FROM notification_flow.contact_history WHERE tenant_id = $1 AND debtor_id = $2 ORDER BY id`,
      [demoTenantId, id],
    )) as Array<{ event: string; detail: Record<string, unknown> }>;
    return { optedOutAt: debtor?.opted_out_at ?? null, schedules, history };
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REGUA_MODE: 'demo',
        ENFORCEMENT_CRON: NEVER,
        IXC_INCREMENTAL_CRON: NEVER,
        IXC_FULL_CRON: NEVER,
        IXC_AUTOMATION_CRON: NEVER,
        NOTIFY_DISPATCH_INTERVAL_MS: '60000',
      },
    });
    db = t.app.get(DataSource);
    const demo = t.app.get(DemoEnvironment);
    evolution = new SimulatorControl(demo.controlUrlOf('evolution'));
    evolutionUrl = demo.urls.evolution;
    const [tenant] = (await db.query(`SELECT id FROM access.tenants WHERE slug = 'demo'`)) as Array<{
      id: string;
    }>;
    demoTenantId = tenant!.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('registers the demo tenant’s webhook at startup: our URL, the Bearer webhookSecret, acks and replies', async () => {
    const url = `${t.url}/api/v1/webhooks/evolution/demo`;
    const webhook = await eventually(async () => (await find('regua'))?.url === url && find('regua'), {
      timeoutMs: 30_000,
      intervalMs: 250,
      description: 'the demo webhook to be registered with the simulated Evolution',
    });
    const secret = await t.app.get(IntegrationSecrets).get(demoTenantId, 'evolution', 'webhookSecret');
    expect(secret).toMatch(/^[\w-]{32}$/); // 24 random bytes, base64url
    expect(webhook).toMatchObject({
      url,
      enabled: true,
      headers: { Authorization: `Bearer ${secret}` },
      webhookByEvents: false,
      webhookBase64: false,
    });
    expect([...webhook.events].sort()).toEqual(['MESSAGES_UPDATE', 'MESSAGES_UPSERT']);
  });

  it('a reply "Sair" opts the debtor out, cancels what was pending and is in the history', async () => {
    const { id, scheduleId } = await seedDebtor('5511987650001');
    const delivery = await evolution.modify<Delivery>({
      action: 'reply',
      from: '5511987650001',
      text: 'Sair',
    });
    expect(delivery).toMatchObject({ delivered: true, status: 200 });
    const state = await eventually(
      async () => {
        const s = await debtorState(id);
        return s.optedOutAt !== null && s.schedules.every((r) => r.status === 'cancelled') && s;
      },
      { timeoutMs: 10_000, description: 'the debtor to be opted out' },
    );
    expect(state.schedules).toEqual([{ status: 'cancelled', status_reason: 'opt_out' }]);
    expect(state.history.map((h) => h.event)).toEqual(['opt_out', 'cancelled', 'reply']);
    expect(state.history[0]!.detail).toMatchObject({ source: 'reply' });
    expect(state.history[2]!.detail).toMatchObject({ text: 'Sair', stop: true });
    // the schedule row itself, by id
    const [row] = (await db.query(`SELECT status FROM notification_flow.schedules WHERE id = $1`, [
      scheduleId,
    ])) as Array<{ status: string }>;
    expect(row).toEqual({ status: 'cancelled' });
  });

  it('a reply "obrigado" is recorded but does not opt out', async () => {
    const { id } = await seedDebtor('5511987650002');
    const delivery = await evolution.modify<Delivery>({
      action: 'reply',
      from: '5511987650002',
      text: 'obrigado',
    });
    expect(delivery).toMatchObject({ delivered: true, status: 200 });
    const state = await eventually(
      async () => {
        const s = await debtorState(id);
        return s.history.length > 0 && s;
      },
      { description: 'the reply to be recorded' },
    );
    expect(state.optedOutAt).toBeNull();
    expect(state.schedules).toEqual([{ status: 'planned', status_reason: null }]);
    expect(state.history).toEqual([{ event: 'reply', detail: { text: 'obrigado', stop: false } }]);
  });

  describe('POST /api/v1/notifications/whatsapp/webhook', () => {
    const INSTANCE = 'acme-wa';
    let admin: { tenantId: string; token: string };
    let operatorToken: string;
    let other: { tenantId: string; token: string };

    beforeAll(async () => {
      await evolution.modify({ action: 'addInstance', instance: INSTANCE });
      admin = await tenantAdmin(t, 'acme-wa');
      const integration = demoIntegration('evolution', evolutionUrl, 42);
      const res = await call(t.url, 'PUT', '/api/v1/admin/integrations/evolution', {
        token: admin.token,
        body: { ...integration, settings: { ...integration.settings, instance: INSTANCE } },
      });
      expect(res.status).toBe(200);
      const user = await call(t.url, 'POST', '/api/v1/admin/users', {
        token: admin.token,
        body: { email: 'operator@acme-wa.test', password: 'operator password 1', role: 'operator' },
      });
      expect(user.status).toBe(201);
      operatorToken = await login(t.url, 'operator@acme-wa.test', 'operator password 1', 'acme-wa');
      other = await tenantAdmin(t, 'no-wa');
    });

    const register = (token: string, body: unknown) =>
      call<Record<string, unknown>>(t.url, 'POST', '/api/v1/notifications/whatsapp/webhook', {
        token,
        body,
      });

    it('sets the instance webhook with a generated secret (kept on re-registration)', async () => {
      expect(await find(INSTANCE)).toBeNull();
      const secrets = t.app.get(IntegrationSecrets);
      expect(await secrets.get(admin.tenantId, 'evolution', 'webhookSecret')).toBeUndefined();
      const res = await register(admin.token, { publicBaseUrl: 'https://regua.acme.test/' });
      expect(res.status).toBe(200);
      const url = 'https://regua.acme.test/api/v1/webhooks/evolution/acme-wa';
      expect(res.body).toEqual({ url, events: ['MESSAGES_UPDATE', 'MESSAGES_UPSERT'] });
      const secret = await secrets.get(admin.tenantId, 'evolution', 'webhookSecret');
      expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(await find(INSTANCE)).toMatchObject({
        url,
        enabled: true,
        headers: { Authorization: `Bearer ${secret}` },
      });
      // again, elsewhere: same secret
      const again = await register(admin.token, { publicBaseUrl: t.url });
      expect(again.status).toBe(200);
      expect(await secrets.get(admin.tenantId, 'evolution', 'webhookSecret')).toBe(secret);
      expect(await find(INSTANCE)).toMatchObject({
        url: `${t.url}/api/v1/webhooks/evolution/acme-wa`,
        headers: { Authorization: `Bearer ${secret}` },
      });
      // and the webhook it set is accepted by our endpoint
      const delivery = await evolution.modify<Delivery>({
        action: 'reply',
        instance: INSTANCE,
        from: '5511900001111',
        text: 'oi',
      });
      expect(delivery).toMatchObject({ delivered: true, status: 200 });
    });

    it('refuses an invalid publicBaseUrl', async () => {
      for (const body of [{}, { publicBaseUrl: 'ftp://x.test' }, { publicBaseUrl: 'not a url' }]) {
        const res = await register(admin.token, body);
        expect([400, 422]).toContain(res.status);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('is for admins only, and only ever touches the caller’s own tenant', async () => {
      const before = await find(INSTANCE);
      const byOperator = await register(operatorToken, { publicBaseUrl: 'https://evil.test' });
      expect(byOperator.status).toBe(403);
      // Another tenant has no Evolution integration: 409, and A's webhook is untouched.
      const byOther = await register(other.token, { publicBaseUrl: 'https://evil.test' });
      expect(byOther.status).toBe(409);
      expect(byOther.headers.get('content-type')).toContain('application/problem+json');
      expect(byOther.body).toMatchObject({ code: 'NOTIFICATION_FLOW.WHATSAPP_NOT_CONFIGURED' });
      expect(await t.app.get(IntegrationSecrets).get(other.tenantId, 'evolution', 'webhookSecret')).toBe(
        undefined,
      );
      expect(await find(INSTANCE)).toEqual(before);
      const anonymous = await call(t.url, 'POST', '/api/v1/notifications/whatsapp/webhook', {
        body: { publicBaseUrl: 'https://evil.test' },
      });
      expect(anonymous.status).toBe(401);
    });
  });
});
