import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DispatchDueSchedulesCommand } from '../../src/contexts/notification-flow/application/dispatch-due-schedules/dispatch-due-schedules.command';
import { MessageDueEvent } from '../../src/contexts/notification-flow/contracts/notification-events';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { Outbox } from '../../src/platform/messaging/outbox';
import { MessageTransport } from '../../src/platform/messaging/transports/message-transport';
import { RabbitMqTransport } from '../../src/platform/messaging/transports/rabbitmq.transport';
import { SimulatorControl, type SendgridData } from '../../src/simulators';
import { TEST_SECRET_KEY } from '../support/access-client';
import { cleanEnv, freePort, runScript, waitReady, type RunningProcess } from '../support/app-process';
import { BrokerNamespace } from '../support/broker';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

const RECONCILE_AFTER_MS = 1500;
const ALWAYS_OPEN = Array(7).fill({ open: '00:00', close: '23:59' }) as unknown[];

interface ScheduleState {
  id: string;
  status: string;
  status_reason: string | null;
  due_at: Date;
  attempts: number;
}

/**
 * The channel workers as real processes (ROLE=worker) sharing one Postgres database and one RabbitMQ
 * namespace. The in-test app (ROLE=api, demo mode) hosts the simulators the workers reach through
 * DEMO_SIMULATORS_URL, relays the outbox, and its dispatch passes are run by the test — the scheduler's
 * job — without the scheduler's other jobs (a first IXC sync would plan messages of its own for the
 * demo tenant and share its e-mail throttle).
 */
describe('notification channel workers as processes (RabbitMQ, shared Postgres, SendGrid simulator)', () => {
  const broker = new BrokerNamespace();
  const dataDir = mkdtempSync(join(tmpdir(), 'regua-workers-'));
  let database: TestDatabase;
  let t: TestApp;
  let db: DataSource;
  let sendgrid: SimulatorControl;
  let simulatorsUrl: string;
  let tenantId: string;
  let flowId: string;
  const running = new Set<RunningProcess>();

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await startTestApp({
      database,
      env: {
        REGUA_MODE: 'demo',
        ROLE: 'api',
        REGUA_SECRET_KEY: TEST_SECRET_KEY,
        REGUA_DATA_DIR: dataDir,
        AMQP_URL: broker.url,
        AMQP_NAMESPACE: broker.prefix,
        OUTBOX_POLL_INTERVAL_MS: '50',
      },
    });
    db = t.app.get(DataSource);
    const demo = t.app.get(DemoEnvironment);
    sendgrid = new SimulatorControl(demo.controlUrlOf('sendgrid'));
    simulatorsUrl = demo.urls.sendgrid.replace(/\/sendgrid$/, '');
    const [tenant] = (await db.query(`SELECT id FROM access.tenants WHERE slug = 'demo'`)) as Array<{
      id: string;
    }>;
    tenantId = tenant!.id;
    const [flow] = (await db.query(
      `INSERT INTO notification_flow.flows (id, tenant_id, name, current_version)
       VALUES (gen_random_uuid(), $1, 'workers e2e', 1) RETURNING id`,
      [tenantId],
    )) as Array<{ id: string }>;
    flowId = flow!.id;
    await db.query(
      `INSERT INTO notification_flow.flow_versions (flow_id, version, steps) VALUES ($1, 1, $2)`,
      [
        flowId,
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
  });

  afterAll(async () => {
    await Promise.all([...running].map((p) => stopWorker(p, 'SIGKILL')));
    const transport = t?.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) broker.track(transport.declaredNames());
    broker.track({ exchanges: [], queues: queuesOfNamespace(broker.prefix) });
    await t?.close();
    await broker.cleanup();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startWorker(): { ready: Promise<RunningProcess> } {
    const ready = (async () => {
      const port = await freePort();
      const worker = runScript(
        'src/main.ts',
        [],
        cleanEnv({
          ROLE: 'worker',
          REGUA_MODE: 'demo',
          DEMO_SIMULATORS_URL: simulatorsUrl,
          DATABASE_URL: database.url,
          DB_MIGRATIONS_RUN: 'false',
          DB_POOL_SIZE: '6',
          REGUA_SECRET_KEY: TEST_SECRET_KEY,
          REGUA_DATA_DIR: dataDir,
          AMQP_URL: broker.url,
          AMQP_NAMESPACE: broker.prefix,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          NOTIFY_RECONCILE_AFTER_MS: String(RECONCILE_AFTER_MS),
          MESSAGING_RETRY_DELAYS_MS: '500,1000,2000,2000',
          MESSAGING_MAX_ATTEMPTS: '8',
        }),
      );
      running.add(worker);
      try {
        await Promise.race([
          waitReady(`http://127.0.0.1:${port}`, 60_000),
          worker.exited.then((code) => {
            throw new Error(`worker exited with ${code} before it was ready`);
          }),
        ]);
      } catch (error) {
        throw new Error(
          `${(error as Error).message}\n${worker.stderr().slice(-3000)}\n${worker.stdout().slice(-3000)}`,
        );
      }
      return worker;
    })();
    return { ready };
  }

  async function stopWorker(worker: RunningProcess, signal: NodeJS.Signals): Promise<void> {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill(signal);
    await worker.exited;
    running.delete(worker);
  }

  /** The scheduler's cadence, run by the test: a dispatch pass every 200 ms (never two at once) until stopped. */
  function dispatchLoop(): (() => Promise<void>) & { passes: () => number } {
    const commandBus = t.app.get(CommandBus);
    let passes = 0;
    let pass: Promise<void> | undefined;
    const cadence = setInterval(() => {
      pass ??= commandBus
        .execute(new DispatchDueSchedulesCommand())
        .catch(() => undefined)
        .then(() => {
          passes += 1;
          pass = undefined;
        });
    }, 200);
    const stop = async () => {
      clearInterval(cadence);
      await pass;
    };
    return Object.assign(stop, { passes: () => passes });
  }

  /** Nothing left to deliver anywhere: no unpublished outbox row, no message in any queue of the namespace. */
  async function drained(): Promise<boolean> {
    const [pending] = (await db.query(
      `SELECT count(*)::int AS n FROM messaging.outbox WHERE published_at IS NULL`,
    )) as Array<{ n: number }>;
    return pending!.n === 0 && queueDepths(broker.prefix).every((depth) => depth === 0);
  }

  async function setSettings(perMinute: number | null): Promise<void> {
    const settings = {
      businessHours: { timeZone: 'America/Sao_Paulo', week: ALWAYS_OPEN },
      throttles: { email: { perMinute, perDay: null } },
    };
    await db.query(
      `INSERT INTO notification_flow.tenant_settings (tenant_id, settings) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
      [tenantId, JSON.stringify(settings)],
    );
  }

  /** `count` debtors with an e-mail and an open debt, each with one e-mail schedule, planned for tomorrow. */
  async function seed(prefix: string, count: number): Promise<string[]> {
    await db.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, email)
       SELECT $1, $2 || ':' || i, 'ixc', 'Cliente ' || $2 || ' ' || i, $2 || '-' || i || '@mail.test'
         FROM generate_series(1, $3) AS i`,
      [tenantId, prefix, count],
    );
    await db.query(
      `INSERT INTO notification_flow.debts (tenant_id, id, debtor_id, source, due_date, amount_cents, open_cents, status)
       SELECT $1, $2 || ':' || i || ':debt', $2 || ':' || i, 'ixc', current_date - 1, 9990, 9990, 'open'
         FROM generate_series(1, $3) AS i`,
      [tenantId, prefix, count],
    );
    const rows = (await db.query(
      `INSERT INTO notification_flow.schedules (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index,
         channel, type, anchor_date, planned_at, due_at, status)
       SELECT gen_random_uuid(), $1, $2 || ':' || i, $4, 1, 'D+1', 0, 'email', 'overdue', current_date - 1, now(),
              now() + interval '1 day', 'planned'
         FROM generate_series(1, $3) AS i
       RETURNING id`,
      [tenantId, prefix, count, flowId],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  const schedules = async (ids: string[]) =>
    (await db.query(
      `SELECT id, status, status_reason, due_at, attempts FROM notification_flow.schedules
        WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [ids],
    )) as ScheduleState[];

  /** Schedule id → the messages the SendGrid simulator accepted for it (custom_args.schedule_id). */
  async function received(ids: string[]): Promise<Map<string, Array<{ receivedAt: string }>>> {
    const wanted = new Set(ids);
    const byId = new Map<string, Array<{ receivedAt: string }>>();
    for (const m of (await sendgrid.data<SendgridData>()).messages) {
      const id = m.customArgs.schedule_id;
      if (id === undefined || !wanted.has(id)) continue;
      byId.set(id, [...(byId.get(id) ?? []), { receivedAt: m.receivedAt }]);
    }
    return byId;
  }
  const receivedCount = async (ids: string[]) =>
    [...(await received(ids)).values()].reduce((n, list) => n + list.length, 0);

  it('a worker killed (SIGKILL) in the middle of a batch leaves no duplicate and no lost message at the simulators', async () => {
    await setSettings(10_000);
    await sendgrid.reset();
    // Slow sends: the batch is still going out when the worker is killed.
    await sendgrid.setFaults({ latencyMs: 150, pathPattern: '^/v3/mail/send' });
    const ids = await seed('kill', 60);

    const first = await startWorker().ready;
    await db.query(`UPDATE notification_flow.schedules SET due_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
    const stopDispatch = dispatchLoop();
    try {
      await eventually(async () => (await receivedCount(ids)) >= 8, {
        timeoutMs: 30_000,
        intervalMs: 20,
        description: 'the first worker to have sent part of the batch',
      });
      await stopWorker(first, 'SIGKILL');
      const atKill = await schedules(ids);
      // Requests already on the wire land at the simulator within its latency: a request sent now,
      // behind them on the same delayed route, is answered after every one of them was handled.
      const probe = await fetch(`${t.app.get(DemoEnvironment).urls.sendgrid}/v3/mail/send`, {
        method: 'POST',
      });
      expect(probe.status).toBe(401);
      const landed = new Set((await received(ids)).keys());
      const leftSending = atKill.filter((s) => s.status === 'sending').map((s) => s.id);
      const sentAtKill = atKill.filter((s) => s.status === 'sent').map((s) => s.id);
      // The kill came in the middle: some messages out, some not, some unsettled.
      expect(landed.size).toBeGreaterThan(0);
      expect(landed.size).toBeLessThan(ids.length);
      expect(leftSending.length).toBeGreaterThan(0);

      const second = await startWorker().ready;
      const final = await eventually(
        async () => {
          const rows = await schedules(ids);
          return rows.every((s) => s.status === 'sent') && rows;
        },
        { timeoutMs: 40_000, intervalMs: 250, description: 'every schedule to be sent' },
      );
      await stopWorker(second, 'SIGTERM');

      // Exactly once at the provider: every schedule received, none twice.
      const byId = await received(ids);
      const counts = ids.map((id) => byId.get(id)?.length ?? 0);
      expect(counts.filter((n) => n === 0)).toHaveLength(0);
      expect(counts.filter((n) => n > 1)).toHaveLength(0);

      // Left `sending` and already at SendGrid: found by the lookup, never sent again.
      const reconciled = leftSending.filter((id) => landed.has(id));
      const resent = leftSending.filter((id) => !landed.has(id));
      const reasonOf = new Map(final.map((s) => [s.id, s.status_reason]));
      for (const id of reconciled) expect([id, reasonOf.get(id)]).toEqual([id, 'reconciled']);
      for (const id of [...resent, ...sentAtKill]) expect([id, reasonOf.get(id)]).toEqual([id, null]);
      if (reconciled.length > 0) {
        const history = (await db.query(
          `SELECT schedule_id FROM notification_flow.contact_history
            WHERE schedule_id = ANY($1::uuid[]) AND event = 'sent' AND detail->>'reconciled' = 'true'`,
          [ids],
        )) as Array<{ schedule_id: string }>;
        expect(history.map((h) => h.schedule_id).sort()).toEqual([...reconciled].sort());
      }
      // One `sent` in the history per schedule.
      const [sentEvents] = (await db.query(
        `SELECT count(*)::int AS n, count(DISTINCT schedule_id)::int AS d FROM notification_flow.contact_history
          WHERE schedule_id = ANY($1::uuid[]) AND event = 'sent'`,
        [ids],
      )) as Array<{ n: number; d: number }>;
      expect(sentEvents).toEqual({ n: ids.length, d: ids.length });
    } finally {
      await stopDispatch();
      await sendgrid.clearFaults();
    }
  });

  it('throttles are never exceeded with two worker processes', async () => {
    await db.query(`DELETE FROM notification_flow.throttle_sends`);
    await db.query(`DELETE FROM notification_flow.throttle_keys`);
    // The key exists, as it does on a running system: admissions wait on its row lock.
    await db.query(`INSERT INTO notification_flow.throttle_keys (key) VALUES ($1)`, [`${tenantId}:email`]);
    await setSettings(10);
    await sendgrid.reset();
    const ids = await seed('throttle', 30);

    const workers = await Promise.all([startWorker().ready, startWorker().ready]);
    const stopDispatch = dispatchLoop();
    try {
      // All 30 queued at once, more than the throttle admits (as a dispatcher with a stale view of the
      // window would): both workers compete for the same key, the shared window is the hard gate.
      await db.transaction(async (tx) => {
        await tx.query(
          `UPDATE notification_flow.schedules SET status = 'queued', queued_at = now(), due_at = now()
            WHERE id = ANY($1::uuid[])`,
          [ids],
        );
        const debtors = (await tx.query(
          `SELECT id, debtor_id FROM notification_flow.schedules WHERE id = ANY($1::uuid[])`,
          [ids],
        )) as Array<{ id: string; debtor_id: string }>;
        await t.app.get(Outbox).publish(
          tx,
          debtors.map(
            (s) =>
              new MessageDueEvent(tenantId, {
                scheduleId: s.id,
                channel: 'email',
                debtorId: s.debtor_id,
                dueAt: new Date().toISOString(),
              }),
          ),
        );
      });

      await eventually(
        async () => {
          const rows = await schedules(ids);
          const sent = rows.filter((s) => s.status === 'sent').length;
          const planned = rows.filter((s) => s.status === 'planned').length;
          if (sent !== 10 || planned !== 20) throw new Error(`states: ${summary(rows)}`);
          return rows;
        },
        { timeoutMs: 20_000, intervalMs: 200, description: '10 sent and 20 held back' },
      );
      // Nothing more goes out within the window, whatever the workers and the dispatcher do: once nothing
      // is left to deliver and the dispatcher has made two more passes, no process has anything to send.
      await eventually(drained, {
        timeoutMs: 20_000,
        intervalMs: 250,
        description: 'outbox and queues drained',
      });
      const passes = stopDispatch.passes();
      await eventually(() => stopDispatch.passes() >= passes + 2, {
        description: 'two more dispatch passes',
      });
      expect(await drained()).toBe(true);
      const rows = await schedules(ids);
      const byId = await received(ids);
      const times = [...byId.values()].flat().map((m) => Date.parse(m.receivedAt));
      expect(times).toHaveLength(10);
      expect([...byId.values()].every((list) => list.length === 1)).toBe(true);
      expect(maxInWindow(times, 60_000)).toBeLessThanOrEqual(10);

      expect(rows.filter((s) => s.status === 'sent')).toHaveLength(10);
      const held = rows.filter((s) => s.status !== 'sent');
      expect(held).toHaveLength(20);
      const now = Date.now();
      for (const s of held) {
        expect({ status: s.status, reason: s.status_reason }).toEqual({
          status: 'planned',
          reason: 'throttled',
        });
        // the next free slot: a minute after the first admitted send
        expect(s.due_at.getTime()).toBeGreaterThan(now);
        expect(s.due_at.getTime()).toBeGreaterThanOrEqual(Math.min(...times) + 59_000);
      }
      const [admitted] = (await db.query(
        `SELECT count(*)::int AS n FROM notification_flow.throttle_sends WHERE key = $1`,
        [`${tenantId}:email`],
      )) as Array<{ n: number }>;
      expect(admitted!.n).toBe(10);
    } finally {
      await stopDispatch();
      await Promise.all(workers.map((w) => stopWorker(w, 'SIGTERM')));
    }
  });
});

const summary = (rows: ScheduleState[]) =>
  JSON.stringify(
    rows.reduce<Record<string, number>>((acc, s) => {
      const key = `${s.status}/${s.status_reason ?? '-'}`;
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {}),
  );

/** The most timestamps in any window of `windowMs` (sliding). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to]! - sorted[from]! >= windowMs) from++;
    max = Math.max(max, to - from + 1);
  }
  return max;
}

/** Queues the worker processes declared under the namespace (they cannot report their names). */
/** Messages (ready and unacked) in each queue of the namespace. */
function queueDepths(prefix: string): number[] {
  const out = execFileSync(
    'rabbitmqctl',
    ['list_queues', '--quiet', '--no-table-headers', 'name', 'messages'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    },
  );
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([name]) => name?.startsWith(`${prefix}.`))
    .map(([, messages]) => Number(messages));
}

function queuesOfNamespace(prefix: string): string[] {
  try {
    const out = execFileSync('rabbitmqctl', ['list_queues', '--quiet', '--no-table-headers', 'name'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    });
    return out
      .split('\n')
      .map((line) => line.trim())
      .filter((name) => name.startsWith(`${prefix}.`));
  } catch {
    return [];
  }
}
