import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntegrationSecrets } from '../../src/platform/access/integrations/integration-secrets';
import { MetricsService } from '../../src/platform/observability/metrics.service';
import type { EvolutionInstance, EvolutionMessage } from '../../src/simulators/evolution/evolution-state';
import { inboundMessageEvent, statusUpdateEvent } from '../../src/simulators/evolution/evolution-webhook';
import { call, tenantAdmin, TEST_SECRET_KEY } from '../support/access-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedDebtor } from '../support/notification-seed';

const instance: EvolutionInstance = {
  instanceName: 'regua',
  instanceId: randomUUID(),
  token: 'instance-token',
  state: 'open',
  ownerJid: '5511900000000@s.whatsapp.net',
};

const message = (over: Partial<EvolutionMessage>): EvolutionMessage => ({
  id: `3EB0${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`,
  instanceName: 'regua',
  remoteJid: '5511987654321@s.whatsapp.net',
  fromMe: true,
  text: 'Olá',
  status: 'PENDING',
  timestamp: Math.floor(Date.now() / 1000),
  ...over,
});

describe('Evolution delivery webhook', () => {
  let t: TestApp;
  let db: DataSource;
  let a: { tenantId: string };
  let b: { tenantId: string };
  let aSchedules: string[];
  let bSchedules: string[];
  const SENT_ID = '3EB0AAAABBBBCCCCDDDD';

  const post = (slug: string, body: unknown, secret?: string) =>
    call<Record<string, unknown>>(t.url, 'POST', `/api/v1/webhooks/evolution/${slug}`, {
      body,
      headers: secret === undefined ? {} : { authorization: `Bearer ${secret}` },
    });
  const history = async (tenantId: string, debtorId: string) =>
    (await db.query(
      `SELECT event, schedule_id, provider_message_id, channel, detail FROM notification_flow.contact_history
        WHERE tenant_id = $1 AND debtor_id = $2 ORDER BY id`,
      [tenantId, debtorId],
    )) as Array<{
      event: string;
      schedule_id: string | null;
      provider_message_id: string | null;
      detail: Record<string, unknown>;
    }>;

  beforeAll(async () => {
    t = await startTestApp({ env: { REGUA_SECRET_KEY: TEST_SECRET_KEY } });
    db = t.app.get(DataSource);
    a = await tenantAdmin(t, 'hook-a');
    b = await tenantAdmin(t, 'hook-b');
    const secrets = t.app.get(IntegrationSecrets);
    await secrets.put(a.tenantId, 'evolution', { webhookSecret: 'secret-of-a' });
    await secrets.put(b.tenantId, 'evolution', { webhookSecret: 'secret-of-b' });
    // The debtor is stored without the 9th digit; WhatsApp reports the number with it.
    aSchedules = await seedDebtor(db, a.tenantId, 'ixc:7', {
      whatsapp: '551187654321',
      schedules: [
        ['sent', 'whatsapp', -2],
        ['planned', 'whatsapp', 24],
        ['deferred', 'sms', 48],
      ],
    });
    // Tenant B has a debtor with the same number (and id) and its own pending schedule.
    bSchedules = await seedDebtor(db, b.tenantId, 'ixc:7', {
      whatsapp: '5511987654321',
      schedules: [['planned', 'whatsapp', 24]],
    });
    await db.query(
      `INSERT INTO notification_flow.contact_history
         (tenant_id, schedule_id, debtor_id, attempt, channel, provider, provider_message_id, event)
       VALUES ($1, $2, 'ixc:7', 1, 'whatsapp', 'evolution', $3, 'sent')`,
      [a.tenantId, aSchedules[0], SENT_ID],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a wrong or missing secret and an unknown tenant with the same 401, changing nothing', async () => {
    const event = inboundMessageEvent(instance, message({ fromMe: false, text: 'SAIR' }));
    for (const secret of [undefined, 'secret-of-b', 'secret-of-a-but-longer', '']) {
      const res = await post('hook-a', event, secret);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    // An unknown tenant must look exactly like a wrong secret, so tenant slugs cannot be enumerated.
    const wrongSecret = await post('hook-a', event, 'secret-of-b');
    for (const slug of ['no-such-tenant', 'NOT%20A%20SLUG']) {
      const unknown = await post(slug, event, 'secret-of-a');
      expect([unknown.status, unknown.body.code, unknown.body.title]).toEqual([
        401,
        wrongSecret.body.code,
        wrongSecret.body.title,
      ]);
    }
    expect(await history(a.tenantId, 'ixc:7')).toHaveLength(1);
    const [d] = await db.query(
      `SELECT opted_out_at FROM notification_flow.debtors WHERE tenant_id = $1 AND id = 'ixc:7'`,
      [a.tenantId],
    );
    expect(d).toEqual({ opted_out_at: null });
  });

  it('answers 400 for a malformed event', async () => {
    for (const body of [
      [1, 2],
      { data: {} },
      { event: 'messages.update', data: 'x' },
      { event: 'messages.update', data: { status: 'READ' } },
    ]) {
      expect((await post('hook-a', body, 'secret-of-a')).status).toBe(400);
    }
    // other events are fine and ignored
    expect(
      (await post('hook-a', { event: 'connection.update', data: { state: 'open' } }, 'secret-of-a')).status,
    ).toBe(200);
  });

  it('appends acks to the history of the message’s schedule (once each); unknown ids are ignored', async () => {
    for (const status of ['SERVER_ACK', 'DELIVERY_ACK', 'DELIVERY_ACK', 'READ'] as const) {
      const res = await post(
        'hook-a',
        statusUpdateEvent(instance, message({ id: SENT_ID, status })),
        'secret-of-a',
      );
      expect(res.status).toBe(200);
    }
    const unknown = await post(
      'hook-a',
      statusUpdateEvent(instance, message({ status: 'READ' })),
      'secret-of-a',
    );
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ acks: 0, ignored: 1 });
    // B never sent that message: its webhook ignores it.
    const elsewhere = await post(
      'hook-b',
      statusUpdateEvent(instance, message({ id: SENT_ID, status: 'READ' })),
      'secret-of-b',
    );
    expect(elsewhere.body).toMatchObject({ acks: 0, ignored: 1 });
    const rows = await history(a.tenantId, 'ixc:7');
    expect(rows.map((r) => [r.event, r.schedule_id, r.provider_message_id])).toEqual([
      ['sent', aSchedules[0], SENT_ID],
      ['server_ack', aSchedules[0], SENT_ID],
      ['delivery_ack', aSchedules[0], SENT_ID],
      ['read', aSchedules[0], SENT_ID],
    ]);
    const metrics = await t.app.get(MetricsService).registry.metrics();
    expect(metrics).toMatch(/regua_notifications_delivery_events_total\{event="read"\} 1/);
  });

  it('records other replies (text capped at 500 chars) and ignores unknown senders and our own messages', async () => {
    const long = `Já paguei! ${'x'.repeat(600)}`;
    const res = await post(
      'hook-a',
      inboundMessageEvent(instance, message({ fromMe: false, text: long })),
      'secret-of-a',
    );
    expect(res.body).toMatchObject({ replies: 1 });
    const stranger = await post(
      'hook-a',
      inboundMessageEvent(
        instance,
        message({ fromMe: false, remoteJid: '5521999990000@s.whatsapp.net', text: 'SAIR' }),
      ),
      'secret-of-a',
    );
    expect(stranger.body).toMatchObject({ replies: 0, optOuts: 0, ignored: 1 });
    const ours = await post(
      'hook-a',
      inboundMessageEvent(instance, message({ fromMe: true, text: 'SAIR' })),
      'secret-of-a',
    );
    expect(ours.body).toMatchObject({ optOuts: 0 });
    const last = (await history(a.tenantId, 'ixc:7')).at(-1)!;
    expect(last.event).toBe('reply');
    expect((last.detail.text as string).length).toBe(500);
    const [s] = await db.query(`SELECT status FROM notification_flow.schedules WHERE id = $1`, [
      aSchedules[1],
    ]);
    expect(s).toEqual({ status: 'planned' });
  });

  it('opts the debtor out on "Sair" and cancels its pending schedules; another tenant is untouched', async () => {
    const reply = message({ fromMe: false, text: '  Sáir. ' });
    const res = await post('hook-a', inboundMessageEvent(instance, reply), 'secret-of-a');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ optOuts: 1 });
    // A redelivery of the same message changes nothing.
    await post('hook-a', inboundMessageEvent(instance, reply), 'secret-of-a');
    const [d] = await db.query(
      `SELECT opted_out_at IS NOT NULL AS out FROM notification_flow.debtors WHERE tenant_id = $1 AND id = 'ixc:7'`,
      [a.tenantId],
    );
    expect(d).toEqual({ out: true });
    const statuses = await db.query(
      `SELECT id, status, status_reason FROM notification_flow.schedules WHERE tenant_id = $1 ORDER BY due_at`,
      [a.tenantId],
    );
    expect(statuses).toEqual([
      { id: aSchedules[0], status: 'sent', status_reason: null },
      { id: aSchedules[1], status: 'cancelled', status_reason: 'opt_out' },
      { id: aSchedules[2], status: 'cancelled', status_reason: 'opt_out' },
    ]);
    const events = (await history(a.tenantId, 'ixc:7')).map((r) => r.event);
    expect(events.slice(-4)).toEqual(['opt_out', 'cancelled', 'cancelled', 'reply']);
    expect(events.filter((e) => e === 'opt_out')).toHaveLength(1);
    const optOut = (await history(a.tenantId, 'ixc:7')).find((r) => r.event === 'opt_out')!;
    expect(optOut.detail).toMatchObject({ source: 'reply' });

    const [bDebtor] = await db.query(
      `SELECT opted_out_at FROM notification_flow.debtors WHERE tenant_id = $1 AND id = 'ixc:7'`,
      [b.tenantId],
    );
    expect(bDebtor).toEqual({ opted_out_at: null });
    const [bSchedule] = await db.query(`SELECT status FROM notification_flow.schedules WHERE id = $1`, [
      bSchedules[0],
    ]);
    expect(bSchedule).toEqual({ status: 'planned' });
    expect(await history(b.tenantId, 'ixc:7')).toEqual([]);
  });

  it.each(['PARAR', 'stop!', 'Sair', 'sair.'])('treats %p as a stop word', async (text) => {
    const id = `ixc:${randomUUID().slice(0, 8)}`;
    const phone = `55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await seedDebtor(db, a.tenantId, id, { phone, schedules: [['planned', 'sms', 5]] });
    const res = await post(
      'hook-a',
      inboundMessageEvent(instance, message({ fromMe: false, remoteJid: `${phone}@s.whatsapp.net`, text })),
      'secret-of-a',
    );
    expect(res.body).toMatchObject({ optOuts: 1 });
  });
});
