import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DispatchDueSchedulesCommand } from '../../src/contexts/notification-flow/application/dispatch-due-schedules/dispatch-due-schedules.command';
import { MessageDueEvent } from '../../src/contexts/notification-flow/contracts';
import {
  ReceivableDueSoonEvent,
  ReceivableOverdueEvent,
  ReceivablePaidEvent,
  type CustomerContact,
} from '../../src/contexts/sync-ixc/contracts';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { demoIntegration } from '../../src/platform/demo/demo-integrations';
import { Outbox } from '../../src/platform/messaging/outbox';
import { MessageTransport } from '../../src/platform/messaging/transports/message-transport';
import { RabbitMqTransport } from '../../src/platform/messaging/transports/rabbitmq.transport';
import type { IntegrationEvent } from '../../src/shared/ddd/domain-event';
import { addDays, localDate } from '../../src/shared/time/local-date';
import { SimulatorControl, type SimulatorName } from '../../src/simulators';
import { call, tenantAdmin } from '../support/access-client';
import { BrokerNamespace } from '../support/broker';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

const NEVER = '0 0 1 1 *';
const TZ = 'America/Sao_Paulo';

interface ScheduleRow {
  id: string;
  step_key: string;
  channel: string;
  status: string;
  status_reason: string | null;
  due_at: Date;
  attempts: number;
}

interface EvolutionMessage {
  id: string;
  remoteJid: string;
  fromMe: boolean;
  text: string;
}

describe('notification-flow: the dunning cadence (demo simulators, RabbitMQ)', () => {
  const broker = new BrokerNamespace();
  let t: TestApp;
  let db: DataSource;
  let tenantId: string;
  let token: string;
  let evolution: SimulatorControl;
  let sms: SimulatorControl;
  let sendgrid: SimulatorControl;
  let phoneSeq = 100;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REGUA_MODE: 'demo',
        AMQP_URL: broker.url,
        AMQP_NAMESPACE: broker.prefix,
        ENFORCEMENT_CRON: NEVER,
        IXC_INCREMENTAL_CRON: NEVER,
        IXC_FULL_CRON: NEVER,
        IXC_AUTOMATION_CRON: NEVER,
        OUTBOX_POLL_INTERVAL_MS: '50',
        // the tests dispatch on purpose (with a chosen clock)
        NOTIFY_DISPATCH_INTERVAL_MS: '60000',
        NOTIFY_PAUSE_PROBE_INTERVAL_MS: '200',
        MESSAGING_MAX_ATTEMPTS: '3',
        MESSAGING_RETRY_DELAYS_MS: '300,300',
      },
    });
    db = t.app.get(DataSource);
    const demo = t.app.get(DemoEnvironment);
    evolution = new SimulatorControl(demo.controlUrlOf('evolution'));
    sms = new SimulatorControl(demo.controlUrlOf('sms'));
    sendgrid = new SimulatorControl(demo.controlUrlOf('sendgrid'));
    const admin = await tenantAdmin(t, 'dunning');
    tenantId = admin.tenantId;
    token = admin.token;
    for (const name of ['evolution', 'sms', 'sendgrid'] as SimulatorName[]) {
      const integration = demoIntegration(name, demo.urls[name], 42);
      const res = await call(t.url, 'PUT', `/api/v1/admin/integrations/${name}`, {
        token,
        body: integration,
      });
      expect(res.status).toBe(200);
    }
    // Contact hours every day, so tests that do not test them are independent of the clock.
    const open = { open: '00:00', close: '23:59' };
    const res = await api('PUT', '/api/v1/notifications/settings', {
      businessHours: { timeZone: TZ, week: Array(7).fill(open) },
    });
    expect(res.status).toBe(200);
  });

  afterAll(async () => {
    const transport = t?.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) broker.track(transport.declaredNames());
    await t?.close();
    await broker.cleanup();
  });

  const api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    call<T>(t.url, method, path, { token, body });
  const today = () => localDate(new Date(), TZ);
  const publish = (events: IntegrationEvent[]) =>
    db.transaction((tx) => t.app.get(Outbox).publish(tx, events));
  const dispatch = (now?: Date) => t.app.get(CommandBus).execute(new DispatchDueSchedulesCommand(now));
  // Due four days ago, D+3 (09:00 local yesterday) is the latest step passed at any hour of today,
  // so it goes now; due three days ago, it would wait for 09:00 when the test runs early in the day.
  const fourDaysAgo = () => addDays(today(), -4);
  const newCustomer = (withWhatsapp = true): { id: string; phone: string; contact: CustomerContact } => {
    phoneSeq += 1;
    const phone = `55119876${String(phoneSeq).padStart(5, '0')}`;
    const id = String(900_000 + phoneSeq);
    return {
      id,
      phone,
      contact: {
        name: `MARIA ${phoneSeq} DA SILVA`,
        document: null,
        email: `cliente${phoneSeq}@example.com`,
        mobilePhone: `+${phone}`,
        whatsapp: withWhatsapp ? `+${phone}` : null,
        personType: 'F',
      },
    };
  };
  const overdue = (
    customer: ReturnType<typeof newCustomer>,
    receivableId: string,
    dueDate: string,
    cents: number,
  ) =>
    new ReceivableOverdueEvent(tenantId, {
      receivableId,
      customerId: customer.id,
      contractId: `c${customer.id}`,
      dueDate,
      amountCents: cents,
      openCents: cents,
      daysOverdue: 0,
      customer: customer.contact,
    });
  const schedules = async (debtor: string): Promise<ScheduleRow[]> =>
    (await db.query(
      `SELECT id, step_key, channel, status, status_reason, due_at, attempts FROM notification_flow.schedules
        WHERE tenant_id = $1 AND debtor_id = $2 ORDER BY step_index, fallback_index`,
      [tenantId, debtor],
    )) as ScheduleRow[];
  const history = async (debtor: string) =>
    (await db.query(
      `SELECT event, channel, error, provider, provider_message_id FROM notification_flow.contact_history
        WHERE tenant_id = $1 AND debtor_id = $2 ORDER BY id`,
      [tenantId, debtor],
    )) as Array<{ event: string; channel: string; error: string | null; provider: string | null }>;
  const whatsappTo = async (phone: string) =>
    ((await evolution.data<{ messages: EvolutionMessage[] }>()).messages ?? []).filter(
      (m) => m.fromMe && m.remoteJid.startsWith(phone),
    );
  const planned = (debtor: string, count: number) =>
    eventually(
      async () => {
        const rows = await schedules(debtor);
        return rows.length >= count && rows;
      },
      { timeoutMs: 15_000, description: `${count} schedules for ${debtor}` },
    );
  /** Dispatches until the schedule settles (fallback schedules are planned due now, then dispatched). */
  const settled = (debtor: string, done: (rows: ScheduleRow[]) => boolean, timeoutMs = 20_000) =>
    eventually(
      async () => {
        await dispatch();
        const rows = await schedules(debtor);
        return done(rows) && rows;
      },
      { timeoutMs, intervalMs: 300, description: `schedules of ${debtor} to settle` },
    );

  it('plans one schedule per step for a debtor, grouping their debts into one message', async () => {
    const c = newCustomer();
    const debtor = `ixc:${c.id}`;
    // two invoices (10 and 4 days overdue): the first one known starts the cycle, the second joins it
    await publish([overdue(c, `${c.id}1`, addDays(today(), -10), 12_990)]);
    const rows = await planned(debtor, 6);
    await publish([overdue(c, `${c.id}2`, addDays(today(), -4), 9_990)]);
    await eventually(
      async () => {
        const [open] = (await db.query(
          `SELECT count(*)::int AS n FROM notification_flow.debts WHERE tenant_id = $1 AND debtor_id = $2 AND status = 'open'`,
          [tenantId, debtor],
        )) as Array<{ n: number }>;
        return open!.n === 2;
      },
      { timeoutMs: 15_000, description: 'the second invoice to join the cycle' },
    );
    expect(await schedules(debtor)).toHaveLength(6); // joining plans nothing new
    expect(rows.map((r) => r.step_key)).toEqual(['D-3', 'D0', 'D+3', 'D+7', 'D+15', 'D+30']);
    // discovered at D+10: only the latest passed step (D+7) goes now; earlier ones are recorded as missed
    expect(rows.slice(0, 3).map((r) => [r.status, r.status_reason])).toEqual(
      Array(3).fill(['skipped', 'missed']),
    );
    expect(rows[3]).toMatchObject({ status: 'planned', channel: 'whatsapp' });
    expect(rows[3]!.due_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(rows.slice(4).every((r) => r.status === 'planned' && r.due_at.getTime() > Date.now())).toBe(true);

    // operators see it
    const listed = await api<{ items: Array<{ id: string }>; total: number }>(
      'GET',
      `/api/v1/notifications/schedules?debtorId=${encodeURIComponent(debtor)}`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(6);

    const after = await settled(debtor, (r) => r[3]!.status === 'sent');
    const sent = await whatsappTo(c.phone);
    expect(sent).toHaveLength(1);
    // one message lists both invoices (R$ 129,90 and R$ 99,90) and the total
    expect(sent[0]!.text).toContain('R$ 129,90');
    expect(sent[0]!.text).toContain('R$ 99,90');
    expect(sent[0]!.text).toContain('R$ 229,80');
    expect(after[3]).toMatchObject({ attempts: 1 });
    const events = await history(debtor);
    expect(events).toEqual([
      expect.objectContaining({ event: 'sent', channel: 'whatsapp', provider: 'evolution' }),
    ]);
  });

  it('a due-soon invoice plans the reminders ahead; paying cancels them at once, even one already queued', async () => {
    const c = newCustomer();
    const debtor = `ixc:${c.id}`;
    const due = addDays(today(), 5);
    await publish([
      new ReceivableDueSoonEvent(tenantId, {
        receivableId: `${c.id}1`,
        customerId: c.id,
        contractId: null,
        dueDate: due,
        amountCents: 5_000,
        openCents: 5_000,
        daysUntilDue: 5,
        customer: c.contact,
      }),
    ]);
    const rows = await planned(debtor, 6);
    expect(rows.every((r) => r.status === 'planned' && r.due_at.getTime() > Date.now())).toBe(true);

    // The dispatcher queued D-3 (its message is on its way to the worker) when the payment arrives.
    const d3 = rows[0]!;
    await db.query(
      `UPDATE notification_flow.schedules SET status = 'queued', queued_at = now() WHERE id = $1`,
      [d3.id],
    );
    await publish([
      new ReceivablePaidEvent(tenantId, {
        receivableId: `${c.id}1`,
        customerId: c.id,
        contractId: null,
        dueDate: due,
        amountCents: 5_000,
        openCents: 0,
        paidAt: today(),
      }),
    ]);
    const cancelled = await eventually(
      async () => {
        const now = await schedules(debtor);
        return now.every((r) => r.status === 'cancelled') && now;
      },
      { timeoutMs: 15_000, description: 'every pending message cancelled' },
    );
    expect(cancelled.every((r) => r.status_reason === 'paid')).toBe(true);

    // The queued message now reaches the worker, behind another debtor's, which is sent: ours is not.
    const other = newCustomer();
    await publish([overdue(other, `${other.id}1`, addDays(today(), -3), 1_000)]);
    await settled(`ixc:${other.id}`, (r) => r.some((s) => s.status === 'sent'));
    await publish([
      new MessageDueEvent(tenantId, {
        scheduleId: d3.id,
        channel: 'whatsapp',
        debtorId: debtor,
        dueAt: new Date().toISOString(),
      }),
    ]);
    const control = newCustomer();
    await publish([overdue(control, `${control.id}1`, addDays(today(), -3), 1_000)]);
    await settled(`ixc:${control.id}`, (r) => r.some((s) => s.status === 'sent'));
    expect(await whatsappTo(c.phone)).toHaveLength(0);
    expect((await schedules(debtor)).find((r) => r.id === d3.id)!.status).toBe('cancelled');
  });

  it('business hours and holidays defer, never drop: Saturday 13:00 → Monday 08:00; 7 September → the next business day', async () => {
    const res = await api('PUT', '/api/v1/notifications/settings', {
      businessHours: {
        timeZone: TZ,
        week: [null, ...Array(5).fill({ open: '08:00', close: '18:00' }), { open: '08:00', close: '12:00' }],
      },
    });
    expect(res.status).toBe(200);
    try {
      const c = newCustomer();
      const debtor = `ixc:${c.id}`;
      await publish([overdue(c, `${c.id}1`, addDays(today(), 40), 2_000)]); // all steps in the future
      const rows = await planned(debtor, 6);
      const [first, second] = rows as [ScheduleRow, ScheduleRow];
      // Saturday 2026-11-21 13:00 (São Paulo, UTC-3) and Monday 2026-09-07 10:00 (Independence Day): past
      // moments, so a pass with that clock claims only these two
      const saturday = new Date('2026-11-21T16:00:00Z');
      const independence = new Date('2026-09-07T13:00:00Z');
      await db.query(`UPDATE notification_flow.schedules SET due_at = $2 WHERE id = $1`, [
        first.id,
        saturday,
      ]);
      await dispatch(saturday);
      let row = (await schedules(debtor)).find((r) => r.id === first.id)!;
      expect(row).toMatchObject({ status: 'deferred', status_reason: 'outside_business_hours' });
      expect(row.due_at.toISOString()).toBe('2026-11-23T11:00:00.000Z'); // Monday 08:00

      await db.query(`UPDATE notification_flow.schedules SET due_at = $2 WHERE id = $1`, [
        second.id,
        independence,
      ]);
      await dispatch(independence);
      row = (await schedules(debtor)).find((r) => r.id === second.id)!;
      expect(row).toMatchObject({ status: 'deferred', status_reason: 'holiday' });
      expect(row.due_at.toISOString()).toBe('2026-09-08T11:00:00.000Z'); // Tuesday 08:00

      // deferred, not dropped: at the slot it is queued (and sent)
      await dispatch(new Date('2026-09-08T11:00:00Z'));
      row = (await schedules(debtor)).find((r) => r.id === second.id)!;
      expect(['queued', 'sending', 'sent']).toContain(row.status);
      expect((await history(debtor)).filter((h) => h.event === 'deferred').map((h) => h.error)).toEqual([
        'outside_business_hours',
        'holiday',
      ]);
    } finally {
      const open = { open: '00:00', close: '23:59' };
      await api('PUT', '/api/v1/notifications/settings', {
        businessHours: { timeZone: TZ, week: Array(7).fill(open) },
      });
    }
  });

  it('falls back along the step’s channels on permanent failures: WhatsApp → SMS → e-mail', async () => {
    const c = newCustomer();
    const debtor = `ixc:${c.id}`;
    await evolution.modify({ action: 'setNotOnWhatsApp', numbers: [c.phone] });
    await sms.modify({ action: 'setInvalid', numbers: [c.phone] });
    try {
      await publish([overdue(c, `${c.id}1`, fourDaysAgo(), 4_500)]);
      await planned(debtor, 6);
      const rows = await settled(debtor, (r) => r.some((s) => s.channel === 'email' && s.status === 'sent'));
      const d3 = rows.filter((r) => r.step_key === 'D+3');
      expect(d3.map((r) => [r.channel, r.status])).toEqual([
        ['whatsapp', 'failed'],
        ['sms', 'failed'],
        ['email', 'sent'],
      ]);
      expect(d3[0]!.status_reason).toBe('WHATSAPP_NOT_ON_WHATSAPP');
      expect(d3[1]!.status_reason).toBe('SMS_INVALID_NUMBER');
      const events = (await history(debtor)).map((h) => [h.event, h.channel]);
      expect(events).toEqual([
        ['failed', 'whatsapp'],
        ['failed', 'sms'],
        ['sent', 'email'],
      ]);
      const mail = (
        await sendgrid.data<{
          messages: Array<{ recipients: string[]; customArgs: Record<string, string> }>;
        }>()
      ).messages.filter((m) => m.recipients.includes(c.contact.email!));
      expect(mail).toHaveLength(1);
      expect(await whatsappTo(c.phone)).toHaveLength(0);
    } finally {
      await evolution.modify({ action: 'setNotOnWhatsApp', numbers: [] });
      await sms.modify({ action: 'setInvalid', numbers: [] });
    }
  });

  it('retries a transient failure with backoff, then dead-letters it and marks the schedule failed', async () => {
    const c = newCustomer();
    c.contact.mobilePhone = null;
    c.contact.whatsapp = null;
    const debtor = `ixc:${c.id}`;
    // e-mail only, and SendGrid failing for this test
    await sendgrid.setFaults({ pathPattern: 'v3/mail/send', error: { status: 503, body: { errors: [] } } });
    try {
      await publish([overdue(c, `${c.id}1`, fourDaysAgo(), 3_000)]);
      await planned(debtor, 6);
      await dispatch();
      const rows = await eventually(
        async () => {
          const now = await schedules(debtor);
          const d3 = now.find((r) => r.step_key === 'D+3' && r.channel === 'email');
          return d3?.status === 'failed' && now;
        },
        { timeoutMs: 20_000, description: 'the e-mail to fail for good' },
      );
      const d3 = rows.find((r) => r.step_key === 'D+3')!;
      expect(d3.attempts).toBe(3);
      const events = (await history(debtor)).map((h) => h.event);
      expect(events.filter((e) => e === 'retry').length).toBeGreaterThanOrEqual(2);
      expect(events.at(-1)).toBe('failed');
      // The schedule is settled failed first, then the message is dead-lettered by the messaging backbone.
      const deadLetters = async () =>
        (
          (await db.query(
            `SELECT count(*)::int AS n FROM messaging.dead_letters WHERE consumer = 'notification_flow.email'
                AND payload->>'scheduleId' = $1`,
            [d3.id],
          )) as Array<{ n: number }>
        )[0]!.n;
      await eventually(async () => (await deadLetters()) > 0, {
        description: 'the e-mail to be dead-lettered',
      });
      expect(await deadLetters()).toBe(1);
    } finally {
      await sendgrid.clearFaults();
    }
  });

  it('pauses WhatsApp for the tenant while the instance is not open, deferring without burning attempts', async () => {
    const c = newCustomer();
    const debtor = `ixc:${c.id}`;
    await evolution.modify({ action: 'setInstanceState', instance: 'regua', state: 'close' });
    try {
      await publish([overdue(c, `${c.id}1`, fourDaysAgo(), 2_500)]);
      await planned(debtor, 6);
      const rows = await settled(debtor, (r) =>
        r.some((s) => s.step_key === 'D+3' && s.status === 'deferred'),
      );
      const d3 = rows.find((r) => r.step_key === 'D+3')!;
      expect(d3).toMatchObject({ channel: 'whatsapp', attempts: 0 });
      expect(await whatsappTo(c.phone)).toHaveLength(0);
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      expect(metrics).toMatch(/regua_notifications_channel_paused_total\{channel="whatsapp"\} [1-9]/);
    } finally {
      await evolution.modify({ action: 'setInstanceState', instance: 'regua', state: 'open' });
      // the next test starts with the channel running (the probe would lift this pause only later)
      expect((await api('POST', '/api/v1/notifications/channels/whatsapp/resume')).status).toBeLessThan(300);
    }
  });

  it('a paused WhatsApp resumes by itself once the instance is open again: held messages go out, none new needed', async () => {
    const c = newCustomer();
    const debtor = `ixc:${c.id}`;
    const channels = async () =>
      (
        await api<{
          items: Array<{ channel: string; paused: boolean; reason: string | null; held: number }>;
        }>('GET', '/api/v1/notifications/channels')
      ).body.items.find((i) => i.channel === 'whatsapp')!;
    const pausedGauge = async () =>
      /regua_notifications_channels_paused\{channel="whatsapp"\} (\d+)/.exec(
        await (await fetch(`${t.url}/metrics`)).text(),
      )?.[1];
    // a restart finds the instance not connected: the first send pauses WhatsApp
    await evolution.modify({ action: 'setInstanceState', instance: 'regua', state: 'connecting' });
    try {
      // 10 days overdue: D+7 goes now, whatever the time of day
      await publish([overdue(c, `${c.id}1`, addDays(today(), -10), 3_100)]);
      await planned(debtor, 6);
      await settled(debtor, (r) => r.some((s) => s.step_key === 'D+7' && s.status === 'deferred'));
      const paused = await channels();
      // the reason is the first refusal's: this test's, or that of a message of the previous test still
      // in flight, which paused the channel again after its resume
      expect(paused).toMatchObject({ paused: true, reason: expect.stringMatching(/^instance regua /) });
      expect(paused.held).toBeGreaterThanOrEqual(1);
      // at least this tenant (the demo tenant shares the simulated instance and may be paused too)
      await eventually(async () => Number(await pausedGauge()) >= 1, {
        description: 'the paused gauge at 1 or more',
      });
      // while paused, passes hold the message back and queue no WhatsApp message at all
      await dispatch();
      expect((await schedules(debtor)).find((r) => r.step_key === 'D+7')).toMatchObject({
        status: 'deferred',
      });
    } finally {
      await evolution.modify({ action: 'setInstanceState', instance: 'regua', state: 'open' });
    }
    // nothing new is published: the probe sees the instance open, resumes, the held message goes out
    const rows = await settled(debtor, (r) => r.some((s) => s.step_key === 'D+7' && s.status === 'sent'));
    expect(rows.find((r) => r.step_key === 'D+7')).toMatchObject({ channel: 'whatsapp', status: 'sent' });
    expect(await whatsappTo(c.phone)).toHaveLength(1);
    expect(await channels()).toMatchObject({ paused: false, reason: null, held: 0 });
    await eventually(async () => (await pausedGauge()) === '0', {
      description: 'the paused gauge back at 0',
    });
  });

  it('the demo tenant’s cadence goes out over the simulators, visible in history and metrics', async () => {
    const demoTenant = (await db.query(`SELECT id FROM access.tenants WHERE slug = 'demo'`)) as Array<{
      id: string;
    }>;
    expect(demoTenant).toHaveLength(1);
    await eventually(
      async () => {
        await dispatch();
        const [row] = (await db.query(
          `SELECT count(*)::int AS n FROM notification_flow.contact_history WHERE tenant_id = $1 AND event = 'sent'`,
          [demoTenant[0]!.id],
        )) as Array<{ n: number }>;
        return row!.n > 0;
      },
      { timeoutMs: 60_000, intervalMs: 1000, description: 'the demo tenant to send dunning messages' },
    );
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/regua_notifications_total\{channel="whatsapp",outcome="sent"\} [1-9]/);
  });

  it('a debtor id from another tenant is not found', async () => {
    const other = await tenantAdmin(t, `other-${randomUUID().slice(0, 6)}`);
    const res = await call(
      t.url,
      'GET',
      `/api/v1/notifications/debtors/${encodeURIComponent('ixc:900101')}`,
      {
        token: other.token,
      },
    );
    expect(res.status).toBe(404);
  });
});
