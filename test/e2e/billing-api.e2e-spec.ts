import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DispatchDueSchedulesCommand } from '../../src/contexts/notification-flow/application/dispatch-due-schedules/dispatch-due-schedules.command';
import { SendMessageCommand } from '../../src/contexts/notification-flow/application/send-message/send-message.command';
import { IssueApiKey } from '../../src/platform/access/api-keys/issue-api-key';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { evolutionIsSeededNotOnWhatsApp, SimulatorControl, type EvolutionData } from '../../src/simulators';
import { call, TEST_SECRET_KEY } from '../support/access-client';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * One file over the usual size on purpose: its tests share one app and build on each other's campaigns
 * (the stats test counts what the earlier ones sent).
 *
 * The public billing API through seed 003's exact paths and header (`X-Billing-API-Key`), in demo mode
 * with ROLE=api: the test plays the scheduler (a dispatch pass at an explicit `now`) and the WhatsApp
 * queue consumer (the send command), so nothing depends on the wall-clock hour.
 */
const BASE = '/api/billing/v1/billing';
/** Wednesday 2026-12-09, 02:00 in São Paulo (closed) and 09:00:01 (open). Not a national holiday. */
const NIGHT = new Date('2026-12-09T05:00:00Z');
const OPENING = new Date('2026-12-09T12:00:00Z');
const MORNING = new Date('2026-12-09T12:00:01Z');

interface SendReply {
  success: boolean;
  message: string;
  campaign_id: string;
  queue_id: string;
  total_contacts: number;
  skipped_contacts: number;
  replayed: boolean;
}

interface QueueReply {
  success: boolean;
  queue: {
    status: string;
    total_contacts: number;
    sent_contacts: number;
    processed_contacts: number;
    progress_percentage: number;
    paused_reason: string | null;
    next_resume_at: string | null;
    counts: Record<string, number>;
  };
}

interface ContactsReply {
  total: number;
  page: number;
  page_size: number;
  contacts: Array<{
    contact_id: string;
    phone: string;
    name: string;
    status: string;
    sent_at: string | null;
    error_message: string;
    message_id: string | null;
  }>;
}

describe('billing API (seed 003 paths, X-Billing-API-Key)', () => {
  let t: TestApp;
  let db: DataSource;
  let evolution: SimulatorControl;
  let tenantId: string;
  let key: string;
  let seed: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'regua-billing-'));

  /** `count` distinct São Paulo mobiles the simulated WhatsApp knows (its seeded 5% "not on WhatsApp" left out). */
  const phones = (count: number, from: number): string[] => {
    const out: string[] = [];
    for (let n = from; out.length < count; n++) {
      const phone = `+55119${String(n).padStart(8, '0')}`;
      if (!evolutionIsSeededNotOnWhatsApp(seed, phone)) out.push(phone);
    }
    return out;
  };
  const contact = (telefone: string, i: number) => ({
    nome: `Cliente ${i} da Silva`,
    telefone,
    valor: 'R$ 1.150,00',
    data_vencimento: '2026-11-20',
    valor_total: 'R$ 1.180,50',
    ...(i % 2 === 0 ? { link_pagamento: `https://pagar.exemplo.com.br/${i}` } : {}),
  });
  const post = <T>(path: string, body: unknown, headers: Record<string, string> = {}) =>
    call<T>(t.url, 'POST', `${BASE}${path}`, { apiKey: key, body, headers });
  const get = <T>(path: string) => call<T>(t.url, 'GET', `${BASE}${path}`, { apiKey: key });
  const count = async (table: string) =>
    (
      (await db.query(`SELECT count(*)::int AS n FROM notification_flow.${table}`)) as Array<{ n: number }>
    )[0]!.n;
  const dispatch = (now: Date) => t.app.get(CommandBus).execute(new DispatchDueSchedulesCommand(now));

  /** The WhatsApp consumer's part: sends every queued schedule of the tenant, in batches of 50. */
  async function consume(): Promise<number> {
    const rows = (await db.query(
      `SELECT id FROM notification_flow.schedules WHERE tenant_id = $1 AND status = 'queued' ORDER BY id`,
      [tenantId],
    )) as Array<{ id: string }>;
    for (let i = 0; i < rows.length; i += 50) {
      const requests = rows.slice(i, i + 50).map((r) => ({ tenantId, scheduleId: r.id, attempt: 1 }));
      await t.app.get(CommandBus).execute(new SendMessageCommand('whatsapp', requests));
    }
    return rows.length;
  }

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REGUA_MODE: 'demo',
        ROLE: 'api',
        REGUA_SECRET_KEY: TEST_SECRET_KEY,
        REGUA_DATA_DIR: dataDir,
        API_KEY_RATE_LIMIT_PER_MINUTE: '100000',
      },
    });
    seed = t.config.SIMULATORS_SEED;
    db = t.app.get(DataSource);
    evolution = new SimulatorControl(t.app.get(DemoEnvironment).controlUrlOf('evolution'));
    const [tenant] = (await db.query(`SELECT id FROM access.tenants WHERE slug = 'demo'`)) as Array<{
      id: string;
    }>;
    tenantId = tenant!.id;
    // Open 09:00–18:00 every day in São Paulo; no WhatsApp throttle (the throttle has its own tests).
    await db.query(
      `INSERT INTO notification_flow.tenant_settings (tenant_id, settings) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings`,
      [
        tenantId,
        JSON.stringify({
          businessHours: {
            timeZone: 'America/Sao_Paulo',
            week: Array(7).fill({ open: '09:00', close: '18:00' }),
          },
          throttles: { whatsapp: { perMinute: null, perDay: null } },
        }),
      ],
    );
    // The Evolution client paces each tenant at 5 messages/s by default: 500 contacts would take 100 s.
    await db.query(
      `UPDATE access.tenants SET integrations = jsonb_set(integrations, '{evolution,messagesPerSecond}', '200')
        WHERE id = $1`,
      [tenantId],
    );
    const issued = await t.app
      .get(IssueApiKey)
      .execute(
        { kind: 'user', tenantId, role: 'admin', scopes: [], userId: 'e2e' },
        { name: 'ERP Principal', scopes: ['billing:send'] },
      );
    key = issued.token;
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a 500-contact overdue campaign outside business hours waits, resumes at opening and sends each contact exactly once', async () => {
    await evolution.modify({ action: 'clearMessages' });
    const numbers = phones(500, 10_000_000);
    // one of them opted out earlier (a stop-word reply to the cadence): skipped, with the reason
    await db.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, whatsapp, opted_out_at, opt_out_reason)
       VALUES ($1, 'ixc:opted', 'ixc', 'Cliente Saiu', $2, now(), 'reply')`,
      [tenantId, numbers[7]],
    );
    const sent = await post<SendReply>('/send/overdue', {
      template_type: 'overdue',
      contacts: numbers.map(contact),
      external_id: 'lote-2026-12-500',
    });
    expect(sent.status).toBe(202);
    expect(sent.headers.get('idempotent-replayed')).toBeNull();
    expect(sent.body).toMatchObject({
      success: true,
      message: 'Campanha criada com sucesso',
      total_contacts: 500,
      skipped_contacts: 1,
      replayed: false,
    });
    const { queue_id: queueId, campaign_id: campaignId } = sent.body;

    // 02:00 in São Paulo: every contact waits for 09:00, none is dropped
    expect(await dispatch(NIGHT)).toBe(0);
    const night = await get<QueueReply>(`/queue/${queueId}/status`);
    expect(night.status).toBe(200);
    expect(night.body.queue).toMatchObject({
      status: 'paused_business_hours',
      paused_reason: 'outside_business_hours',
      next_resume_at: OPENING.toISOString(),
      total_contacts: 500,
      sent_contacts: 0,
    });
    expect(night.body.queue.counts).toMatchObject({ pending: 499, skipped: 1, sent: 0 });

    // 09:00:01: the dispatcher queues them all; the worker sends the first 100 — the status shows it live
    expect(await dispatch(MORNING)).toBe(499);
    const queued = (await db.query(
      `SELECT id FROM notification_flow.schedules WHERE campaign_id = $1 AND status = 'queued' ORDER BY id LIMIT 100`,
      [campaignId],
    )) as Array<{ id: string }>;
    await t.app.get(CommandBus).execute(
      new SendMessageCommand(
        'whatsapp',
        queued.map((r) => ({ tenantId, scheduleId: r.id, attempt: 1 })),
      ),
    );
    const live = await get<QueueReply>(`/queue/${queueId}/status`);
    expect(live.body.queue).toMatchObject({ status: 'running', sent_contacts: 100, paused_reason: null });
    const sentPage = await get<ContactsReply>(
      `/campaign/${campaignId}/contacts?status=sent&page=1&page_size=100`,
    );
    expect(sentPage.body.total).toBe(100);
    expect(sentPage.body.contacts.every((c) => c.sent_at !== null && /^3EB0/.test(c.message_id ?? ''))).toBe(
      true,
    );

    // the rest, then a redelivery of everything: nothing goes twice
    expect(await consume()).toBe(399);
    const all = (await db.query(`SELECT id FROM notification_flow.schedules WHERE campaign_id = $1`, [
      campaignId,
    ])) as Array<{ id: string }>;
    await t.app.get(CommandBus).execute(
      new SendMessageCommand(
        'whatsapp',
        all.slice(0, 200).map((r) => ({ tenantId, scheduleId: r.id, attempt: 2 })),
      ),
    );

    const done = await get<QueueReply>(`/queue/${queueId}/status`);
    expect(done.body.queue).toMatchObject({
      status: 'completed',
      sent_contacts: 499,
      processed_contacts: 500,
      progress_percentage: 100,
    });
    const data = await evolution.data<EvolutionData>();
    const perNumber = new Map<string, number>();
    for (const m of data.messages) perNumber.set(m.remoteJid, (perNumber.get(m.remoteJid) ?? 0) + 1);
    const expected = numbers.filter((_, i) => i !== 7).map((n) => `${n.slice(1)}@s.whatsapp.net`);
    expect(expected.filter((jid) => perNumber.get(jid) !== 1)).toEqual([]);
    expect(perNumber.get(`${numbers[7]!.slice(1)}@s.whatsapp.net`)).toBeUndefined();
    expect(data.messages).toHaveLength(499);

    // the seed's variables, rendered in the tenant's zone on the send day, with rotated variations
    const first = data.messages.find((m) => m.remoteJid === `${numbers[0]!.slice(1)}@s.whatsapp.net`)!;
    const second = data.messages.find((m) => m.remoteJid === `${numbers[1]!.slice(1)}@s.whatsapp.net`)!;
    expect(first.text).toContain('Olá Cliente, sua fatura de R$ 1.150,00 venceu em 20/11/2026');
    expect(first.text).toContain('Pague em: https://pagar.exemplo.com.br/0');
    expect(second.text).toMatch(/^Cliente, identificamos a fatura de R\$ 1\.150,00 .* Fale conosco/);

    const page = await get<ContactsReply>(`/campaign/${campaignId}/contacts?page=1&page_size=10`);
    expect(page.body).toMatchObject({ total: 500, page: 1, page_size: 10 });
    expect(page.body.contacts[7]).toMatchObject({
      phone: numbers[7],
      status: 'skipped',
      error_message: 'opted_out',
      sent_at: null,
    });
    expect(page.body.contacts[0]).toMatchObject({
      phone: numbers[0],
      name: 'Cliente 0 da Silva',
      status: 'sent',
    });
  });

  it('a resent request with the same external_id or Idempotency-Key creates nothing', async () => {
    const body = {
      template_type: 'notification',
      contacts: phones(3, 20_000_000).map((telefone, i) => ({
        nome: `Aviso ${i}`,
        telefone,
        titulo: 'Manutenção',
        mensagem: 'sua internet ficará indisponível hoje das 2h às 4h.',
      })),
      external_id: 'aviso-manutencao-1',
    };
    const first = await post<SendReply>('/send/notification', body);
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const [campaigns, schedules] = [await count('billing_campaigns'), await count('schedules')];
    // a resend answers like the first time (202), marked as a replay
    const again = await post<SendReply>('/send/notification', body);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toMatchObject({
      success: true,
      campaign_id: first.body.campaign_id,
      queue_id: first.body.queue_id,
      replayed: true,
    });
    const other = await post<Record<string, unknown>>('/send/notification', {
      ...body,
      contacts: body.contacts.slice(1),
    });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'BILLING_API.EXTERNAL_ID_CONFLICT', success: false });

    const withoutExternal = { ...body, external_id: undefined };
    const headers = { 'idempotency-key': 'erp-retry-0001' };
    const keyed = await post<SendReply>('/send/notification', withoutExternal, headers);
    expect(keyed.status).toBe(202);
    const replayed = await post<SendReply>('/send/notification', withoutExternal, headers);
    expect(replayed.status).toBe(202);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body.campaign_id).toBe(keyed.body.campaign_id);
    expect(await count('billing_campaigns')).toBe(campaigns + 1);
    expect(await count('schedules')).toBe(schedules + 3);

    // notifications are 24/7: at 02:00 in São Paulo both campaigns are queued at once (3 contacts each)
    expect(await dispatch(NIGHT)).toBe(6);
  });

  it('a bad contact row gives 422 listing it, and creates nothing', async () => {
    const [campaigns, schedules, contacts] = [
      await count('billing_campaigns'),
      await count('schedules'),
      await count('billing_contacts'),
    ];
    const good = phones(2, 30_000_000).map(contact);
    const res = await post<Record<string, unknown>>('/send/upcoming', {
      template_type: 'upcoming',
      contacts: [
        good[0],
        { nome: 'Sem Telefone', telefone: '12', valor: 'R$ 15O,00', data_vencimento: '2026-02-30' },
        good[1],
      ],
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      code: 'BILLING_API.CONTACTS_INVALID',
      success: false,
      message: 'Dados inválidos',
    });
    const errors = res.body.contact_errors as Array<{ index: number; linha: number; field: string }>;
    expect(errors.map((e) => [e.index, e.linha, e.field]).sort()).toEqual([
      [1, 2, 'data_vencimento'],
      [1, 2, 'telefone'],
      [1, 2, 'valor'],
    ]);
    expect([
      await count('billing_campaigns'),
      await count('schedules'),
      await count('billing_contacts'),
    ]).toEqual([campaigns, schedules, contacts]);
  });

  it('admin: templates with variations and conditionals are validated, used for the next campaign, and counted', async () => {
    const admin = await t.app
      .get(IssueApiKey)
      .execute(
        { kind: 'user', tenantId, role: 'admin', scopes: [], userId: 'e2e' },
        { name: 'admin robot', scopes: ['admin'] },
      );
    const as = (method: string, path: string, body?: unknown) =>
      call<Record<string, unknown>>(t.url, method, `${BASE}${path}`, { apiKey: admin.token, body });
    const bad = await as('POST', '/templates/', {
      name: 'Lembrete',
      template_type: 'upcoming',
      variations: [{ name: 'V1', template_text: 'Olá {{nome}} {{#each x}}{{/each}}' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('BILLING_API.TEMPLATE_INVALID');
    const created = await as('POST', '/templates/', {
      name: 'Lembrete',
      template_type: 'upcoming',
      description: 'Lembrete de vencimento',
      variations: [
        { name: 'V1', template_text: 'V1 {{primeiro_nome}}: {{valor}} vence em {{dias_vencimento}} dias.' },
        {
          name: 'V2',
          template_text:
            'V2 {{primeiro_nome}}{{#if codigo_pix}} PIX {{codigo_pix}}{{/if}}{{#unless codigo_pix}} sem PIX{{/unless}}',
        },
      ],
    });
    expect(created.status).toBe(201);
    const templateId = created.body.id as string;
    const patched = await as('PATCH', `/templates/${templateId}/`, { description: 'Lembrete D-3' });
    expect(patched.body).toMatchObject({ description: 'Lembrete D-3', name: 'Lembrete', is_active: true });

    const numbers = phones(2, 40_000_000);
    const sent = await post<SendReply>('/send/upcoming', {
      template_type: 'upcoming',
      contacts: numbers.map((telefone, i) => ({
        nome: `Ana ${i}`,
        telefone,
        valor: 150.5,
        data_vencimento: '2026-12-12',
        ...(i === 1 ? { codigo_pix: '00020126PIX' } : {}),
      })),
    });
    expect(sent.status).toBe(202);
    expect(await dispatch(MORNING)).toBe(2);
    await consume();
    const texts = (await evolution.data<EvolutionData>()).messages
      .filter((m) => numbers.some((n) => m.remoteJid === `${n.slice(1)}@s.whatsapp.net`))
      .map((m) => m.text)
      .sort();
    expect(texts[0]).toMatch(/^V1 Ana: R\$ 150,50 vence em \d+ dias\.$/);
    expect(texts[1]).toBe('V2 Ana PIX 00020126PIX');

    const list = await as('GET', '/templates/');
    expect(list.body.items).toEqual([expect.objectContaining({ id: templateId, total_uses: 2 })]);
    const campaigns = await as('GET', '/campaigns/?limit=100');
    expect(campaigns.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: sent.body.campaign_id, billing_type: 'upcoming', sent_contacts: 2 }),
      ]),
    );
    const stats = await as('GET', '/stats/');
    expect(stats.body).toMatchObject({ sent_contacts: 507, skipped_contacts: 1 }); // 499 + the 6 notifications + 2
    expect((await as('DELETE', `/templates/${templateId}/`)).status).toBe(204);
    expect((await as('DELETE', `/templates/${templateId}/`)).status).toBe(404);
  });

  it('refuses a missing or unscoped key, and answers 404 for another tenant’s queue', async () => {
    const none = await call(t.url, 'GET', `${BASE}/queue/00000000-0000-4000-8000-000000000000/status`);
    expect(none.status).toBe(401);
    const unknown = await get<Record<string, unknown>>('/queue/00000000-0000-4000-8000-000000000000/status');
    expect(unknown.status).toBe(404);
    const readOnly = await t.app
      .get(IssueApiKey)
      .execute(
        { kind: 'user', tenantId, role: 'admin', scopes: [], userId: 'e2e' },
        { name: 'read only', scopes: ['notifications:read'] },
      );
    const refused = await call(t.url, 'POST', `${BASE}/send/overdue`, {
      apiKey: readOnly.token,
      body: { template_type: 'overdue', contacts: [] },
    });
    expect(refused.status).toBe(403);
  });
});

describe('billing API per-key rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: { REGUA_SECRET_KEY: TEST_SECRET_KEY, API_KEY_RATE_LIMIT_PER_MINUTE: '3' },
    });
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After once a key used up its minute, and other keys are unaffected', async () => {
    const tenantId = (
      (await t.app
        .get(DataSource)
        .query(
          `INSERT INTO access.tenants (slug, name, mode) VALUES ('erp-limit', 'ERP', 'demo') RETURNING id`,
        )) as Array<{ id: string }>
    )[0]!.id;
    const issue = (name: string) =>
      t.app
        .get(IssueApiKey)
        .execute(
          { kind: 'user', tenantId, role: 'admin', scopes: [], userId: 'e2e' },
          { name, scopes: ['billing:send'] },
        );
    const [busy, other] = [(await issue('busy')).token, (await issue('other')).token];
    const status = (key: string) =>
      call(t.url, 'GET', `${BASE}/queue/00000000-0000-4000-8000-000000000000/status`, { apiKey: key });
    expect([(await status(busy)).status, (await status(busy)).status, (await status(busy)).status]).toEqual([
      404, 404, 404,
    ]);
    const limited = await status(busy);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // a send over the limit is refused the same way and creates nothing
    const send = await call(t.url, 'POST', `${BASE}/send/notification`, {
      apiKey: busy,
      body: {
        template_type: 'notification',
        contacts: [{ nome: 'Ana', telefone: '+5511987650000', titulo: 'Aviso', mensagem: 'teste' }],
      },
    });
    expect(send.status).toBe(429);
    expect(Number(send.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const [created] = (await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM notification_flow.billing_campaigns WHERE tenant_id = $1`, [
        tenantId,
      ])) as Array<{ n: number }>;
    expect(created!.n).toBe(0);
    expect((await status(other)).status).toBe(404);
  });
});
