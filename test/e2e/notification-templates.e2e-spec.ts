import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MessageRenderer } from '../../src/contexts/notification-flow/application/ports/message-renderer';
import { sampleContext } from '../../src/contexts/notification-flow/domain/templates/sample-context';
import { call, tenantAdmin } from '../support/access-client';
import { startTestApp, type TestApp } from '../support/test-app';

interface Template {
  id: string;
  builtIn: boolean;
  type: string;
  channel: string;
  name: string;
  subject: string | null;
  variations: string[];
}
interface Preview {
  subject?: string;
  text: string;
  html?: string;
  variation: number;
  sms?: { encoding: string; length: number; segments: number };
  whatsapp?: { length: number; limit: number };
}
interface Problem {
  code: string;
  title: string;
  problems: string[];
}

const BASE = '/api/v1/notifications/templates';

describe('notification templates (HTTP)', () => {
  let t: TestApp;
  let db: Client;
  let a: { token: string; tenantId: string };
  let b: { token: string; tenantId: string };

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.database.url });
    await db.connect();
    a = await tenantAdmin(t, 'templates-a');
    b = await tenantAdmin(t, 'templates-b');
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const stored = async (tenantId: string) =>
    (await db.query(`SELECT id FROM notification_flow.templates WHERE tenant_id = $1`, [tenantId])).rowCount;

  it('lists a built-in default for every type × channel', async () => {
    const res = await call<{ items: Template[]; total: number }>(t.url, 'GET', BASE, { token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(9);
    expect(res.body.items.every((i) => i.builtIn && i.id === `default:${i.type}:${i.channel}`)).toBe(true);
    const preview = await call<Preview>(t.url, 'POST', `${BASE}/default:overdue:sms/preview`, {
      token: a.token,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.sms).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('previews an unsaved draft (the console’s live preview), checked like a save, storing nothing', async () => {
    const draft = await call<Preview>(t.url, 'POST', `${BASE}/default:overdue:whatsapp/preview`, {
      token: a.token,
      body: { variations: ['Oi {{firstName debtor.name}}, rascunho de {{company.name}}'] },
    });
    expect(draft.status).toBe(200);
    expect(draft.body.text).toMatch(/^Oi \S+, rascunho de /);
    expect(draft.body.whatsapp?.length).toBe([...draft.body.text].length);
    const invalid = await call<Problem>(t.url, 'POST', `${BASE}/default:overdue:sms/preview`, {
      token: a.token,
      body: { variations: ['{{#if}} sem fim'] },
    });
    expect(invalid.status).toBe(422);
    const noSubject = await call<Problem>(t.url, 'POST', `${BASE}/default:overdue:email/preview`, {
      token: a.token,
      body: { subject: null, variations: ['Olá'] },
    });
    expect(noSubject.status).toBe(422);
    expect(await stored(a.tenantId)).toBe(0);
  });

  it('creates an SMS template, previews its parts and uses it to render', async () => {
    const created = await call<Template>(t.url, 'POST', BASE, {
      token: a.token,
      body: {
        type: 'overdue',
        channel: 'sms',
        variations: [
          'Ola {{firstName debtor.name}}, {{brl totalOpenCents}} em aberto ha {{daysOverdue}} {{plural daysOverdue "dia" "dias"}}.',
          'Olá {{firstName debtor.name}}, a fatura de {{brl totalOpenCents}} está em aberto. Regularize para evitar a suspensão do serviço.',
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ builtIn: false, type: 'overdue', channel: 'sms', subject: null });

    const gsm = await call<Preview>(t.url, 'POST', `${BASE}/${created.body.id}/preview`, { token: a.token });
    expect(gsm.status).toBe(200);
    expect(gsm.body).toMatchObject({
      text: 'Ola Maria, R$ 194,85 em aberto ha 37 dias.',
      variation: 0,
      sms: { encoding: 'GSM-7', length: 42, segments: 1 },
    });
    const ucs = await call<Preview>(t.url, 'POST', `${BASE}/${created.body.id}/preview`, {
      token: a.token,
      body: { variation: 1 },
    });
    expect(ucs.body.sms).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(ucs.body.sms!.length).toBe(ucs.body.text.length);

    const again = await call<Problem>(t.url, 'POST', BASE, {
      token: a.token,
      body: { type: 'overdue', channel: 'sms', variations: ['x'] },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOTIFICATION_FLOW.TEMPLATE_EXISTS');

    const renderer = t.app.get(MessageRenderer);
    const request = { type: 'overdue' as const, channel: 'sms' as const, context: sampleContext('overdue') };
    const first = await renderer.render(a.tenantId, { ...request, scheduleId: 'schedule-1' });
    expect(first.templateId).toBe(created.body.id);
    expect(await renderer.render(a.tenantId, { ...request, scheduleId: 'schedule-1' })).toEqual(first);
    expect(
      (await renderer.render(b.tenantId, { ...request, scheduleId: 'schedule-1' })).templateId,
    ).toBeNull();
    // Inside a consumer's transaction the renderer reads through the manager it is given.
    const inTransaction = await t.app
      .get(DataSource)
      .transaction((manager) =>
        renderer.render(a.tenantId, { ...request, scheduleId: 'schedule-1' }, manager),
      );
    expect(inTransaction).toEqual(first);

    const list = await call<{ items: Template[] }>(t.url, 'GET', BASE, { token: a.token });
    expect(list.body.items.filter((i) => i.type === 'overdue' && i.channel === 'sms')).toEqual([
      expect.objectContaining({ id: created.body.id, builtIn: false }),
    ]);
  });

  it('refuses an unknown variable with 422 naming it, and saves nothing', async () => {
    const before = await stored(a.tenantId);
    const res = await call<Problem>(t.url, 'POST', BASE, {
      token: a.token,
      body: { type: 'upcoming', channel: 'whatsapp', variations: ['Oi {{debtor.email}}, tudo bem?'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOTIFICATION_FLOW.TEMPLATE_INVALID');
    expect(res.body.title).toContain('unknown variable "debtor.email"');
    expect(res.body.problems).toEqual(['variations[0]: unknown variable "debtor.email" (line 1)']);
    expect(await stored(a.tenantId)).toBe(before);
  });

  it('refuses a template that does not compile with 422', async () => {
    const res = await call<Problem>(t.url, 'POST', BASE, {
      token: a.token,
      body: { type: 'upcoming', channel: 'whatsapp', variations: ['Oi {{#if daysOverdue}}x'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.problems[0]).toMatch(/^variations\[0\]: does not compile: Parse error/);
  });

  it('escapes HTML from the data in the email HTML but not in the text part', async () => {
    const created = await call<Template>(t.url, 'POST', BASE, {
      token: a.token,
      body: {
        type: 'upcoming',
        channel: 'email',
        subject: 'Fatura {{company.name}}',
        variations: ['Olá {{debtor.name}} <3\nTotal: {{brl totalOpenCents}}'],
      },
    });
    expect(created.status).toBe(201);
    const renderer = t.app.get(MessageRenderer);
    const context = sampleContext('upcoming');
    context.debtor.name = '<script>alert(1)</script>';
    const out = await renderer.render(a.tenantId, {
      type: 'upcoming',
      channel: 'email',
      scheduleId: 'schedule-2',
      context,
    });
    expect(out.text).toBe('Olá <script>alert(1)</script> <3\nTotal: R$ 129,90');
    expect(out.html).toContain('Olá &lt;script&gt;alert(1)&lt;/script&gt; <3<br>');
    expect(out.html).not.toContain('<script>');
    expect(out.subject).toBe('Fatura NetSul Telecom');

    const changed = await call<Template>(t.url, 'PUT', `${BASE}/${created.body.id}`, {
      token: a.token,
      body: { variations: ['Oi {{firstName debtor.name}}'] },
    });
    expect(changed.status).toBe(200);
    const after = await renderer.render(a.tenantId, {
      type: 'upcoming',
      channel: 'email',
      scheduleId: 's',
      context,
    });
    expect(after.text).toBe('Oi <script>alert(1)</script>');
  });

  it('keeps each tenant to its own templates', async () => {
    const created = await call<Template>(t.url, 'POST', BASE, {
      token: a.token,
      body: { type: 'notification', channel: 'whatsapp', variations: ['Aviso: {{brl totalOpenCents}}'] },
    });
    expect(created.status).toBe(201);
    const path = `${BASE}/${created.body.id}`;
    expect((await call(t.url, 'GET', path, { token: b.token })).status).toBe(404);
    expect((await call(t.url, 'POST', `${path}/preview`, { token: b.token })).status).toBe(404);
    expect((await call(t.url, 'PUT', path, { token: b.token, body: { name: 'mine' } })).status).toBe(404);
    expect((await call(t.url, 'DELETE', path, { token: b.token })).status).toBe(404);
    expect((await call<Template>(t.url, 'GET', path, { token: a.token })).body.name).toBe(
      'Aviso importante (WhatsApp)',
    );

    expect((await call(t.url, 'DELETE', path, { token: a.token })).status).toBe(204);
    expect((await call(t.url, 'GET', path, { token: a.token })).status).toBe(404);
    const builtIn = await call<Problem>(t.url, 'DELETE', `${BASE}/default:notification:whatsapp`, {
      token: a.token,
    });
    expect(builtIn.status).toBe(422);
    expect(builtIn.body.code).toBe('NOTIFICATION_FLOW.TEMPLATE_BUILT_IN');
  });

  it('previews with the tenant’s own company name (the tenant’s name, or its configured companyName)', async () => {
    const preview = () =>
      call<Preview>(t.url, 'POST', `${BASE}/default:upcoming:email/preview`, { token: b.token });
    const byTenantName = await preview();
    expect(byTenantName.status).toBe(200);
    expect(byTenantName.body.subject).toBe('templates-b: sua fatura vence em 05/11/2026');
    expect(byTenantName.body.text).not.toContain('NetSul');

    const settings = await call(t.url, 'PUT', '/api/v1/notifications/settings', {
      token: b.token,
      body: { companyName: 'Fibra Sertão Ltda' },
    });
    expect(settings.status).toBe(200);
    const configured = await preview();
    expect(configured.body.subject).toBe('Fibra Sertão Ltda: sua fatura vence em 05/11/2026');
    // the other tenant keeps its own
    const other = await call<Preview>(t.url, 'POST', `${BASE}/default:upcoming:email/preview`, {
      token: a.token,
    });
    expect(other.body.subject).toBe('templates-a: sua fatura vence em 05/11/2026');
  });

  it('lets operators read and preview but not write', async () => {
    const user = await call(t.url, 'POST', '/api/v1/admin/users', {
      token: a.token,
      body: { email: 'operator@templates-a.test', password: 'operator password 1', role: 'operator' },
    });
    expect(user.status).toBe(201);
    const login = await call<{ accessToken: string }>(t.url, 'POST', '/api/v1/auth/login', {
      body: { email: 'operator@templates-a.test', password: 'operator password 1', tenant: 'templates-a' },
    });
    const token = login.body.accessToken;
    expect((await call(t.url, 'GET', BASE, { token })).status).toBe(200);
    expect((await call(t.url, 'POST', `${BASE}/default:upcoming:email/preview`, { token })).status).toBe(200);
    const write = await call(t.url, 'POST', BASE, {
      token,
      body: { type: 'upcoming', channel: 'sms', variations: ['Oi'] },
    });
    expect(write.status).toBe(403);
  });
});
