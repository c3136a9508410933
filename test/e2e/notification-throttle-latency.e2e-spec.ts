import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { IntegrationSecrets } from '../../src/platform/access/integrations/integration-secrets';
import { Tenants } from '../../src/platform/access/tenants';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { demoIntegration } from '../../src/platform/demo/demo-integrations';
import { MessageTransport } from '../../src/platform/messaging/transports/message-transport';
import { RabbitMqTransport } from '../../src/platform/messaging/transports/rabbitmq.transport';
import { SimulatorControl, type SendgridData } from '../../src/simulators';
import { TEST_SECRET_KEY } from '../support/access-client';
import { BrokerNamespace } from '../support/broker';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

const NEVER = '0 0 1 1 *';
const PER_MINUTE = 60;
const CONTACTS = 130;
const WINDOW_MS = 60_000;

/** The most timestamps in any sliding window of `windowMs` (a window starts at each one). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

/**
 * A tenant at 60 e-mails a minute, with provider latency, through the whole running app (dispatcher,
 * outbox, RabbitMQ, channel worker, SendGrid simulator): no 60-second window at the provider
 * receives more than 60, counted at the simulator's own receipt times. The provider is slow (1 s) while
 * the first minute's batch goes out and answers in 200 ms after that: a throttle that counted its window
 * from admission would let the next minute's batch land within 60 s of the first one's tail.
 */
describe('throttles hold at the provider, whatever its latency', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'regua-latency-'));
  const broker = new BrokerNamespace();
  let t: TestApp;
  let db: DataSource;
  let sendgrid: SimulatorControl;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REGUA_MODE: 'demo',
        ROLE: 'all',
        REGUA_SECRET_KEY: TEST_SECRET_KEY,
        REGUA_DATA_DIR: dataDir,
        AMQP_URL: broker.url,
        AMQP_NAMESPACE: broker.prefix,
        NOTIFY_DISPATCH_INTERVAL_MS: '200',
        OUTBOX_POLL_INTERVAL_MS: '50',
        ENFORCEMENT_CRON: NEVER,
        IXC_INCREMENTAL_CRON: NEVER,
        IXC_FULL_CRON: NEVER,
        IXC_AUTOMATION_CRON: NEVER,
      },
    });
    db = t.app.get(DataSource);
    const demo = t.app.get(DemoEnvironment);
    sendgrid = new SimulatorControl(demo.controlUrlOf('sendgrid'));
    // A tenant of its own: the demo tenant's first sync plans messages of its own.
    tenantId = (await t.app.get(Tenants).ensure('latency', { name: 'Latency', mode: 'demo' })).id;
    const integration = demoIntegration('sendgrid', demo.urls.sendgrid, 1);
    await t.app.get(Tenants).setIntegration(tenantId, 'sendgrid', integration.settings);
    await t.app.get(IntegrationSecrets).put(tenantId, 'sendgrid', integration.secrets);
    await db.query(`INSERT INTO notification_flow.tenant_settings (tenant_id, settings) VALUES ($1, $2)`, [
      tenantId,
      JSON.stringify({
        businessHours: {
          timeZone: 'America/Sao_Paulo',
          week: Array(7).fill({ open: '00:00', close: '23:59' }),
        },
        throttles: { email: { perMinute: PER_MINUTE, perDay: null } },
      }),
    ]);
  });

  afterAll(async () => {
    await sendgrid?.clearFaults();
    const transport = t?.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) broker.track(transport.declaredNames());
    await t?.close();
    await broker.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The tenant's schedule id → when the simulator accepted a message for it (the demo tenant sends too). */
  async function receipts(): Promise<Map<string, number[]>> {
    const ours = new Set(
      (
        (await db.query(`SELECT id FROM notification_flow.schedules WHERE tenant_id = $1`, [
          tenantId,
        ])) as Array<{
          id: string;
        }>
      ).map((r) => r.id),
    );
    const byId = new Map<string, number[]>();
    for (const m of (await sendgrid.data<SendgridData>()).messages) {
      const id = m.customArgs.schedule_id;
      if (id === undefined || !ours.has(id)) continue;
      byId.set(id, [...(byId.get(id) ?? []), Date.parse(m.receivedAt)]);
    }
    return byId;
  }

  it(`a tenant at ${PER_MINUTE}/min never gets more than ${PER_MINUTE} deliveries in any 60 s window`, async () => {
    const [flow] = (await db.query(
      `INSERT INTO notification_flow.flows (id, tenant_id, name, current_version)
       VALUES (gen_random_uuid(), $1, 'latency', 1) RETURNING id`,
      [tenantId],
    )) as Array<{ id: string }>;
    await db.query(
      `INSERT INTO notification_flow.flow_versions (flow_id, version, steps) VALUES ($1, 1, $2)`,
      [
        flow!.id,
        JSON.stringify([
          {
            key: 'D+1',
            offsetDays: 1,
            sendAt: '09:00',
            channels: ['email'],
            cooldownHours: 0,
            type: 'overdue',
            allDay: false,
          },
        ]),
      ],
    );
    await db.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, email)
       SELECT $1, 'lat:' || i, 'ixc', 'Cliente ' || i, 'lat-' || i || '@mail.test' FROM generate_series(1, $2) AS i`,
      [tenantId, CONTACTS],
    );
    await db.query(
      `INSERT INTO notification_flow.debts (tenant_id, id, debtor_id, source, due_date, amount_cents, open_cents, status)
       SELECT $1, 'lat:' || i || ':debt', 'lat:' || i, 'ixc', current_date - 1, 9990, 9990, 'open'
         FROM generate_series(1, $2) AS i`,
      [tenantId, CONTACTS],
    );
    await sendgrid.reset();
    await sendgrid.setFaults({ latencyMs: 1000, pathPattern: '^/v3/mail/send' });
    await db.query(
      `INSERT INTO notification_flow.schedules (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index,
         channel, type, anchor_date, planned_at, due_at, status)
       SELECT gen_random_uuid(), $1, 'lat:' || i, $3, 1, 'D+1', 0, 'email', 'overdue', current_date - 1, now(), now(),
              'planned'
         FROM generate_series(1, $2) AS i`,
      [tenantId, CONTACTS, flow!.id],
    );

    // The first minute's batch, slowly; then the provider speeds up.
    await eventually(async () => [...(await receipts()).values()].flat().length >= PER_MINUTE, {
      timeoutMs: 60_000,
      intervalMs: 100,
      description: `the first ${PER_MINUTE} at the provider`,
    });
    await sendgrid.setFaults({ latencyMs: 200, pathPattern: '^/v3/mail/send' });

    const byId = await eventually(
      async () => {
        const got = await receipts();
        return [...got.values()].flat().length >= 2 * PER_MINUTE && got;
      },
      { timeoutMs: 110_000, intervalMs: 250, description: `${2 * PER_MINUTE} at the provider` },
    );
    const times = [...byId.values()].flat();
    expect(maxInWindow(times, WINDOW_MS)).toBeLessThanOrEqual(PER_MINUTE);
    expect([...byId.values()].filter((list) => list.length > 1)).toEqual([]);
  }, 200_000);
});
