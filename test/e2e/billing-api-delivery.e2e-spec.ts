import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Channel } from '../../src/contexts/notification-flow/domain/cadence';
import { DispatchDueSchedulesCommand } from '../../src/contexts/notification-flow/application/dispatch-due-schedules/dispatch-due-schedules.command';
import { ProbePausedChannelsCommand } from '../../src/contexts/notification-flow/application/probe-paused-channels/probe-paused-channels.command';
import { RegisterWhatsappWebhookCommand } from '../../src/contexts/notification-flow/application/register-whatsapp-webhook/register-whatsapp-webhook.command';
import {
  RetryLaterError,
  SendMessageCommand,
} from '../../src/contexts/notification-flow/application/send-message/send-message.command';
import { IssueApiKey } from '../../src/platform/access/api-keys/issue-api-key';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import {
  evolutionIsSeededNotOnWhatsApp,
  SimulatorControl,
  type EvolutionData,
  type SmsData,
} from '../../src/simulators';
import { call, TEST_SECRET_KEY } from '../support/access-client';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The billing API's campaigns meeting the cadence's machinery: a paused WhatsApp instance, opt-outs
 * (a stop-word reply through the Evolution webhook, an operator) and the WhatsApp → SMS fallback. Demo
 * mode with ROLE=api: the test plays the scheduler (dispatch passes at an explicit `now`, the pause
 * probe) and the channel queue consumers (the send command).
 */
const BASE = '/api/billing/v1/billing';
/** Wednesday 2026-12-09 09:00:01 in São Paulo (open); 02:00 (closed: only notifications go). */
const MORNING = new Date('2026-12-09T12:00:01Z');
const NIGHT = new Date('2026-12-09T05:00:00Z');
const DEMO_INSTANCE = 'regua';

interface SendReply {
  campaign_id: string;
  queue_id: string;
  total_contacts: number;
  skipped_contacts: number;
}

interface QueueReply {
  queue: {
    status: string;
    paused_reason: string | null;
    next_resume_at: string | null;
    sent_contacts: number;
    counts: Record<string, number>;
  };
}

interface ContactsReply {
  total: number;
  contacts: Array<{
    phone: string;
    status: string;
    error_message: string;
    channel: string;
    message_id: string | null;
    sent_at: string | null;
  }>;
}

describe('billing API campaigns: instance down, opt-outs, SMS fallback', () => {
  let t: TestApp;
  let db: DataSource;
  let evolution: SimulatorControl;
  let sms: SimulatorControl;
  let tenantId: string;
  let key: string;
  let seed: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'regua-billing-delivery-'));

  /** `count` distinct São Paulo mobiles the simulated WhatsApp knows. */
  const phones = (count: number, from: number): string[] => {
    const out: string[] = [];
    for (let n = from; out.length < count; n++) {
      const phone = `+55119${String(n).padStart(8, '0')}`;
      if (!evolutionIsSeededNotOnWhatsApp(seed, phone)) out.push(phone);
    }
    return out;
  };
  const overdue = (telefone: string, i: number) => ({
    nome: `Cliente ${i}`,
    telefone,
    valor: 'R$ 89,90',
    data_vencimento: '2026-11-30',
  });
  const notification = (telefone: string, i: number) => ({
    nome: `Cliente ${i}`,
    telefone,
    titulo: 'Aviso',
    mensagem: 'sua fatura de dezembro já está disponível.',
  });
  const send = async (type: string, contacts: unknown[]): Promise<SendReply> => {
    const res = await call<SendReply>(t.url, 'POST', `${BASE}/send/${type}`, {
      apiKey: key,
      body: { template_type: type, contacts },
    });
    expect(res.status).toBe(202);
    return res.body;
  };
  const get = async <T>(path: string): Promise<T> => {
    const res = await call<T>(t.url, 'GET', `${BASE}${path}`, { apiKey: key });
    expect(res.status).toBe(200);
    return res.body;
  };
  const dispatch = (now: Date): Promise<number> =>
    t.app.get(CommandBus).execute(new DispatchDueSchedulesCommand(now));
  /** A channel consumer's part: sends every queued schedule of the campaign on the channel. */
  async function consume(campaignId: string, channel: Channel): Promise<number> {
    const rows = (await db.query(
      `SELECT id FROM notification_flow.schedules WHERE campaign_id = $1 AND channel = $2 AND status = 'queued'`,
      [campaignId, channel],
    )) as Array<{ id: string }>;
    if (rows.length > 0)
      await t.app
        .get(CommandBus)
        .execute(
          new SendMessageCommand(
            channel,
            rows.map((r) => ({ tenantId, scheduleId: r.id, attempt: 1 })),
          ),
        )
        .catch((error: unknown) => {
          // a deferred or failed send asks the broker to redeliver later: the schedule already says why
          if (!(error instanceof RetryLaterError)) throw error;
        });
    return rows.length;
  }
  const received = async (numbers: string[]): Promise<number[]> => {
    const { messages } = await evolution.data<EvolutionData>();
    return numbers.map(
      (n) => messages.filter((m) => m.fromMe && m.remoteJid === `${n.slice(1)}@s.whatsapp.net`).length,
    );
  };

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
    const demo = t.app.get(DemoEnvironment);
    evolution = new SimulatorControl(demo.controlUrlOf('evolution'));
    sms = new SimulatorControl(demo.controlUrlOf('sms'));
    const [tenant] = (await db.query(`SELECT id FROM access.tenants WHERE slug = 'demo'`)) as Array<{
      id: string;
    }>;
    tenantId = tenant!.id;
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
          throttles: { whatsapp: { perMinute: null, perDay: null }, sms: { perMinute: null, perDay: null } },
        }),
      ],
    );
    await db.query(
      `UPDATE access.tenants SET integrations = jsonb_set(integrations, '{evolution,messagesPerSecond}', '200')
        WHERE id = $1`,
      [tenantId],
    );
    const issued = await t.app
      .get(IssueApiKey)
      .execute(
        { kind: 'user', tenantId, role: 'admin', scopes: [], userId: 'e2e' },
        { name: 'ERP', scopes: ['billing:send'] },
      );
    key = issued.token;
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // First: no WhatsApp state was read (and cached) as open before the instance goes down.
  it('waits with paused_reason instance_down while the instance is not open, then resumes by itself and sends each contact once', async () => {
    await evolution.modify({ action: 'setInstanceState', instance: DEMO_INSTANCE, state: 'close' });
    const numbers = phones(3, 60_000_000);
    const { campaign_id: campaignId, queue_id: queueId } = await send('overdue', numbers.map(overdue));

    // the worker finds the instance closed: WhatsApp is paused for the tenant, the contacts wait
    expect(await dispatch(MORNING)).toBe(3);
    await consume(campaignId, 'whatsapp');
    const down = await get<QueueReply>(`/queue/${queueId}/status`);
    expect(down.queue).toMatchObject({
      status: 'paused_instance_down',
      paused_reason: 'instance_down',
      sent_contacts: 0,
    });
    expect(down.queue.counts).toMatchObject({ pending: 3 });
    expect(down.queue.next_resume_at).not.toBeNull();
    // while paused, the dispatcher queues nothing
    expect(await dispatch(MORNING)).toBe(0);
    expect(await get<QueueReply>(`/queue/${queueId}/status`)).toMatchObject({
      queue: { paused_reason: 'instance_down' },
    });
    expect(await received(numbers)).toEqual([0, 0, 0]);

    // the instance reconnects: the scheduler's probe lifts the pause; dispatch and worker send them all
    await evolution.modify({ action: 'setInstanceState', instance: DEMO_INSTANCE, state: 'open' });
    await eventually(
      async () => {
        await t.app.get(CommandBus).execute(new ProbePausedChannelsCommand());
        await dispatch(MORNING);
        await consume(campaignId, 'whatsapp');
        return (await get<QueueReply>(`/queue/${queueId}/status`)).queue.status === 'completed';
      },
      { timeoutMs: 20_000, intervalMs: 250, description: 'the campaign completes after the instance opens' },
    );
    const done = await get<QueueReply>(`/queue/${queueId}/status`);
    expect(done.queue).toMatchObject({ sent_contacts: 3, paused_reason: null });
    expect(await received(numbers)).toEqual([1, 1, 1]);
  });

  it('skips, with the reason, a number that replied SAIR and one an operator opted out', async () => {
    const [replied, kept, byOperator] = phones(3, 61_000_000) as [string, string, string];
    // the ERP's first campaign reaches `replied`, who answers SAIR through Evolution's webhook
    await t.app.get(CommandBus).execute(new RegisterWhatsappWebhookCommand(tenantId, t.url));
    const first = await send('notification', [notification(replied, 0)]);
    expect(await dispatch(NIGHT)).toBe(1);
    await consume(first.campaign_id, 'whatsapp');
    expect(await received([replied])).toEqual([1]);
    const delivery = await evolution.modify<{ delivered: boolean; status?: number }>({
      action: 'reply',
      from: replied.slice(1),
      text: 'SAIR',
      instance: DEMO_INSTANCE,
    });
    expect(delivery).toMatchObject({ delivered: true, status: 200 });

    // the next campaign skips `replied` at intake; an operator opts `byOperator` out before it is sent
    const second = await send('overdue', [replied, kept, byOperator].map(overdue));
    expect(second).toMatchObject({ total_contacts: 3, skipped_contacts: 1 });
    const operator = await t.app
      .get(IssueApiKey)
      .execute(
        { kind: 'user', tenantId, role: 'admin', scopes: [], userId: 'e2e' },
        { name: 'operator robot', scopes: ['notifications:write'] },
      );
    const optOut = await call(
      t.url,
      'POST',
      `/api/v1/notifications/debtors/${encodeURIComponent(`billing:${byOperator}`)}/opt-out`,
      { apiKey: operator.token, body: { reason: 'pediu por telefone' } },
    );
    expect(optOut.status).toBe(200);

    await dispatch(MORNING);
    await consume(second.campaign_id, 'whatsapp');
    const page = await get<ContactsReply>(`/campaign/${second.campaign_id}/contacts`);
    expect(page.contacts.map((c) => [c.phone, c.status, c.error_message])).toEqual([
      [replied, 'skipped', 'opted_out'],
      [kept, 'sent', ''],
      [byOperator, 'skipped', 'opted_out'],
    ]);
    const skipped = await get<ContactsReply>(`/campaign/${second.campaign_id}/contacts?status=skipped`);
    expect(skipped.contacts.map((c) => c.phone)).toEqual([replied, byOperator]);
    const status = await get<QueueReply>(`/queue/${second.queue_id}/status`);
    expect(status.queue).toMatchObject({ status: 'completed', sent_contacts: 1 });
    expect(status.queue.counts).toMatchObject({ sent: 1, skipped: 2, cancelled: 0 });
    expect(await received([replied, kept, byOperator])).toEqual([1, 1, 0]);
  });

  it('falls back to SMS when WhatsApp fails for good (the number is not on WhatsApp)', async () => {
    const [offWhatsapp, onWhatsapp] = phones(2, 62_000_000) as [string, string];
    await evolution.modify({ action: 'setNotOnWhatsApp', numbers: [offWhatsapp.slice(1)] });
    await sms.modify({ action: 'clearMessages' });
    const campaign = await send('notification', [notification(offWhatsapp, 0), notification(onWhatsapp, 1)]);

    expect(await dispatch(NIGHT)).toBe(2);
    await consume(campaign.campaign_id, 'whatsapp');
    // the permanent failure planned the SMS at once; notifications go out at night too
    expect(await dispatch(NIGHT)).toBe(1);
    expect(await consume(campaign.campaign_id, 'sms')).toBe(1);

    const texts = (await sms.data<SmsData>()).messages.filter((m) =>
      offWhatsapp.endsWith(m.number.slice(-11)),
    );
    expect(texts).toHaveLength(1);
    expect(texts[0]!.message).toContain('sua fatura de dezembro já está disponível.');
    const page = await get<ContactsReply>(`/campaign/${campaign.campaign_id}/contacts`);
    expect(page.contacts.map((c) => [c.phone, c.status, c.channel])).toEqual([
      [offWhatsapp, 'sent', 'sms'],
      [onWhatsapp, 'sent', 'whatsapp'],
    ]);
    expect(page.contacts[0]!.sent_at).not.toBeNull();
    expect(await received([offWhatsapp, onWhatsapp])).toEqual([0, 1]);
    const status = await get<QueueReply>(`/queue/${campaign.queue_id}/status`);
    expect(status.queue).toMatchObject({ status: 'completed', sent_contacts: 2 });
  });
});
