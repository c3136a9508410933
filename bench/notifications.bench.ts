/**
 * Dunning throughput (issue 6): 100,000 due e-mail contacts across 10 tenants with generous throttles,
 * from `notification_flow.schedules` through the dispatcher, the outbox, RabbitMQ and the e-mail channel
 * worker to the SendGrid simulator (no latency). Régua runs as its own process (demo mode, ROLE=all, real
 * RabbitMQ under a unique namespace, a fresh database); the simulators run in this process.
 *
 * Seeding is bulk SQL (debtors, one open debt each, one `planned` schedule each, due far in the future),
 * then one UPDATE makes every schedule due at the same instant T a moment later: end-to-end time runs from
 * T to the last `sent` (the schedules' own `sent_at`), per-message latency is `sent_at − due_at`. The
 * simulator records the `schedule_id` of every accepted message: duplicates are seeded ids it received
 * more than once, losses seeded ids it never received.
 *
 * Then one more tenant, throttled to 60 e-mails a minute, gets 400 due contacts for 130 s (`--quick`:
 * 70 s) while SendGrid answers in 200 ms: the highest count the simulator received in any sliding
 * 60-second window (the throttle must hold at the provider, not only at admission), and
 * `regua_notifications_throttled_total` (scraped from every process) against the messages actually
 * held back (the schedules whose due time the throttle pushed back).
 *
 * Last, a second process (ROLE=worker) shares the e-mail queue and is killed (SIGKILL) while 1,500
 * contacts go out with 150 ms of provider latency: duplicates and losses are counted at the simulator.
 *
 * Targets: at least 500 sends/s, no duplicates, no losses, the throttle never exceeded, the throttled
 * count equal to the messages held.
 * Options: `--contacts N` (default 100,000), `--quick`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DateTime } from 'luxon';
import { brazilianClosedDays } from '../src/contexts/notification-flow/domain/brazilian-holidays';
import { demoIntegration } from '../src/platform/demo/demo-integrations';
import { SimulatorControl, startSimulators } from '../src/simulators';
import { call, login } from '../test/support/access-client';
import {
  freePort,
  ROOT,
  runScript,
  runToEnd,
  waitReady,
  type RunningProcess,
} from '../test/support/app-process';
import { createTestDatabase } from '../test/support/database';
import { eventually } from '../test/support/eventually';
import { ensureTemplateDatabase } from '../test/support/template-database';
import { deleteNamespace } from '../test/support/rabbitmq-admin';
import { benchAppEnv } from './support/app-env';

const SEED = 1;
const TENANTS = 10;
const PASSWORD = 'benchmark password 1';
const TIME_ZONE = 'America/Sao_Paulo';
const FAR = '2100-01-01T00:00:00Z';
const THROTTLED_PER_MINUTE = 60;
const THROTTLED_CONTACTS = 400;
const THROTTLE_LATENCY_MS = 200;
const KILL_CONTACTS = 1500;
const KILL_LATENCY_MS = 150;
const WINDOW_MS = 60_000;

interface Options {
  contacts: number;
  throttleSeconds: number;
}

function parseArgs(args: string[]): Options {
  const options: Options = { contacts: 100_000, throttleSeconds: 130 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--quick') options.throttleSeconds = 70;
    else if (arg === '--contacts') options.contacts = Number(args[++i]);
    else if (arg === '--throttle-seconds') options.throttleSeconds = Number(args[++i]);
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.contacts) || options.contacts < TENANTS)
    throw new Error('--contacts needs an integer of at least 10');
  return options;
}

interface Receipts {
  total: number;
  from: number;
  ids: string[];
  at: number[];
}

interface Tenant {
  slug: string;
  id: string;
  flowId: string;
}

/** Every day open (00:00–23:59), so the run does not depend on the hour it starts at. */
function settings(perMinute: number | null) {
  return {
    businessHours: { timeZone: TIME_ZONE, week: Array(7).fill({ open: '00:00', close: '23:59' }) },
    throttles: { email: { perMinute, perDay: null } },
  };
}

/** Debtors `<prefix><n>` with one open debt and one `planned` e-mail schedule each, not due yet. */
async function seed(
  db: Client,
  tenant: Tenant,
  prefix: string,
  count: number,
  stepKey: string,
  type: string,
): Promise<void> {
  await db.query(
    `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, document, email)
     SELECT $1, $2 || g, 'bench', 'Cliente Bench ' || g, lpad(g::text, 11, '0'), $2 || g || '@' || $3 || '.bench.test'
       FROM generate_series(1, $4) g`,
    [tenant.id, prefix, tenant.slug, count],
  );
  await db.query(
    `INSERT INTO notification_flow.debts
       (tenant_id, id, debtor_id, source, description, due_date, amount_cents, open_cents, status, flow_id, flow_version)
     SELECT $1, $2 || g || '-debt', $2 || g, 'bench', 'Mensalidade', current_date - 3, 9990, 9990, 'open', $3, 1
       FROM generate_series(1, $4) g`,
    [tenant.id, prefix, tenant.flowId, count],
  );
  await db.query(
    `INSERT INTO notification_flow.schedules
       (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index, channel, type, all_day,
        anchor_date, planned_at, due_at, status)
     SELECT gen_random_uuid(), $1, $2 || g, $3, 1, $5, 0, 'email', $6, $6 = 'notification',
            current_date - 3, now(), $7, 'planned'
       FROM generate_series(1, $4) g`,
    [tenant.id, prefix, tenant.flowId, count, stepKey, type, FAR],
  );
}

/** Makes the step's schedules of these tenants due at `at`; returns their ids. */
async function release(db: Client, tenantIds: string[], stepKey: string, at: Date): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE notification_flow.schedules SET due_at = $3
      WHERE tenant_id = ANY($1::uuid[]) AND step_key = $2 AND status = 'planned'
      RETURNING id`,
    [tenantIds, stepKey, at],
  );
  return rows.rows.map((r) => r.id);
}

interface Progress {
  total: number;
  sent: number;
  settled: number;
  statuses: Record<string, number>;
}

async function progress(db: Client, tenantIds: string[], stepKey: string): Promise<Progress> {
  const rows = await db.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM notification_flow.schedules
      WHERE tenant_id = ANY($1::uuid[]) AND step_key = $2 GROUP BY status`,
    [tenantIds, stepKey],
  );
  const statuses = Object.fromEntries(rows.rows.map((r) => [r.status, r.n]));
  const total = rows.rows.reduce((n, r) => n + r.n, 0);
  const open = ['planned', 'deferred', 'queued', 'sending'].reduce((n, s) => n + (statuses[s] ?? 0), 0);
  return { total, sent: statuses.sent ?? 0, settled: total - open, statuses };
}

/** Duplicates (ids received more than once) and losses (ids never received) among `ids`. */
function reconcile(ids: string[], receipts: Receipts) {
  const counts = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const id of receipts.ids) {
    const n = counts.get(id);
    if (n !== undefined) counts.set(id, n + 1);
  }
  let duplicates = 0;
  let extra = 0;
  let losses = 0;
  for (const n of counts.values()) {
    if (n === 0) losses++;
    if (n > 1) {
      duplicates++;
      extra += n - 1;
    }
  }
  return { duplicates, extraDeliveries: extra, losses };
}

/** The most receipts in any 60-second window (a window starts at each receipt). */
function maxPerWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + WINDOW_MS) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

/** Sum of `regua_notifications_throttled_total{channel="email"}` across the given processes' /metrics. */
async function throttledTotal(baseUrls: string[]): Promise<number> {
  let total = 0;
  for (const base of baseUrls) {
    const text = await (await fetch(`${base}/metrics`)).text();
    for (const [, value] of text.matchAll(
      /^regua_notifications_throttled_total\{[^}]*channel="email"[^}]*\}\s+(\S+)$/gm,
    ))
      total += Number(value);
  }
  return total;
}

/** Régua under `node --cpu-prof` (NODE_OPTIONS may not carry it): `BENCH_APP_CPU_PROF=<dir>`. */
function profiled(dir: string, env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      '--cpu-prof-dir',
      dir,
      join(ROOT, 'node_modules/ts-node/dist/bin.js'),
      '--swc',
      'src/main.ts',
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const options = parseArgs(args);
  await ensureTemplateDatabase();
  const appPort = await freePort();
  const database = await createTestDatabase();
  const namespace = `bench.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  // A tiny IXC for the demo tenant: its first sync must not compete with the measured run.
  const small = { customers: 5, contracts: 5, receivables: 0 };
  const simulators = await startSimulators(undefined, {
    seed: SEED,
    settings: { ixc: small, magnus: { users: 5, withoutContract: 0, ixc: small } },
  });
  const sendgrid = new SimulatorControl(`${simulators.urlOf('sendgrid')}/__control`);
  const receipts = (from = 0) => sendgrid.modify<Receipts>({ action: 'scheduleReceipts', from });
  const db = new Client({ connectionString: database.url });
  await db.connect();
  let app: RunningProcess | undefined;
  let worker: RunningProcess | undefined;
  try {
    const env = benchAppEnv({
      databaseUrl: database.url,
      port: appPort,
      simulatorsUrl: simulators.baseUrl,
      namespace,
      seed: SEED,
      passThrough: /^(NOTIFY_|OUTBOX_|MESSAGING_|DB_POOL)/,
      extra: {
        NOTIFY_DISPATCH_INTERVAL_MS: process.env.NOTIFY_DISPATCH_INTERVAL_MS ?? '200',
        // A send left `sending` by the killed worker and not at SendGrid is planned again after this.
        NOTIFY_RECONCILE_AFTER_MS: '5000',
      },
    });

    // Ten tenants plus the throttled one, each with an admin (the CLI creates the tenant too).
    const slugs = [...Array.from({ length: TENANTS }, (_, i) => `bench-${i + 1}`), 'bench-throttled'];
    console.error(`creating ${slugs.length} tenants…`);
    for (let i = 0; i < slugs.length; i += 4) {
      await Promise.all(
        slugs.slice(i, i + 4).map(async (slug) => {
          const r = await runToEnd(
            'src/cli/main.ts',
            ['create-admin', '--email', `admin@${slug}.bench.test`, '--password', PASSWORD, '--tenant', slug],
            env,
          );
          if (r.code !== 0) throw new Error(`create-admin ${slug} failed: ${r.stderr}`);
        }),
      );
    }
    app = process.env.BENCH_APP_CPU_PROF
      ? profiled(process.env.BENCH_APP_CPU_PROF, env)
      : runScript('src/main.ts', [], env);
    const base = `http://127.0.0.1:${appPort}`;
    await waitReady(base, 120_000);

    const tenants: Tenant[] = [];
    const integration = demoIntegration('sendgrid', simulators.urlOf('sendgrid'), SEED);
    for (const slug of slugs) {
      const token = await login(base, `admin@${slug}.bench.test`, PASSWORD, slug);
      const put = await call(base, 'PUT', '/api/v1/admin/integrations/sendgrid', {
        token,
        body: {
          settings: { ...integration.settings, fromEmail: `cobranca@${slug}.bench.test`, fromName: slug },
          secrets: integration.secrets,
        },
      });
      if (put.status !== 200) throw new Error(`sendgrid integration of ${slug}: ${put.status} ${put.text}`);
      const [row] = (await db.query<{ id: string }>(`SELECT id FROM access.tenants WHERE slug = $1`, [slug]))
        .rows;
      const tenant: Tenant = { slug, id: row!.id, flowId: randomUUID() };
      tenants.push(tenant);
      const steps = ['P1', 'P2', 'P3'].map((key) => ({
        key,
        offsetDays: 3,
        sendAt: '09:00',
        channels: ['email'],
        cooldownHours: 0,
        type: 'overdue',
        allDay: false,
      }));
      await db.query(
        `INSERT INTO notification_flow.flows (id, tenant_id, name, is_default, current_version)
         VALUES ($1, $2, 'Bench', false, 1)`,
        [tenant.flowId, tenant.id],
      );
      await db.query(
        `INSERT INTO notification_flow.flow_versions (flow_id, version, steps) VALUES ($1, 1, $2)`,
        [tenant.flowId, JSON.stringify(steps)],
      );
      const throttled = slug === 'bench-throttled';
      await db.query(
        `INSERT INTO notification_flow.tenant_settings (tenant_id, settings) VALUES ($1, $2)
         ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings`,
        [tenant.id, JSON.stringify(settings(throttled ? THROTTLED_PER_MINUTE : 1_000_000))],
      );
    }
    await db.query(`UPDATE access.tenants SET time_zone = $2 WHERE id = ANY($1::uuid[])`, [
      tenants.map((t) => t.id),
      TIME_ZONE,
    ]);
    // On a national holiday nothing but all-day notifications goes out: the bench still measures sends.
    const today = DateTime.now().setZone(TIME_ZONE).toISODate()!;
    const type = brazilianClosedDays([])(today) ? 'notification' : 'overdue';

    // ---------------------------------------------------------------------------------------------------
    // Phase 1: the contacts across ten tenants, generous throttles.
    const measured = tenants.slice(0, TENANTS);
    const perTenant = Math.floor(options.contacts / TENANTS);
    console.error(`seeding ${perTenant * TENANTS} debtors, debts and schedules (${type})…`);
    const seedStarted = performance.now();
    await db.query('BEGIN');
    for (const tenant of measured) await seed(db, tenant, 'p1-', perTenant, 'P1', type);
    await db.query('COMMIT');
    await db.query('ANALYZE notification_flow.schedules, notification_flow.debtors, notification_flow.debts');
    console.error(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    const before = (await receipts()).total;
    const dueAt = new Date(Date.now() + 2000);
    const ids = await release(
      db,
      measured.map((t) => t.id),
      'P1',
      dueAt,
    );
    console.error(`${ids.length} schedules due at ${dueAt.toISOString()}`);
    let last = 0;
    let lastChange = Date.now();
    const done = await eventually(
      async () => {
        const p = await progress(
          db,
          measured.map((t) => t.id),
          'P1',
        );
        if (p.settled !== last) {
          last = p.settled;
          lastChange = Date.now();
          console.error(
            `  ${((Date.now() - dueAt.getTime()) / 1000).toFixed(0)} s: ${JSON.stringify(p.statuses)}`,
          );
        } else if (Date.now() - lastChange > 60_000) {
          throw new Error(`no progress for 60 s: ${JSON.stringify(p.statuses)}`);
        }
        return p.settled === p.total && p;
      },
      { timeoutMs: 600_000, intervalMs: 1000, description: 'every seeded schedule settled' },
    ).catch((error: unknown) => {
      console.error(app?.stderr().slice(-3000));
      throw error;
    });
    const [timing] = (
      await db.query<{ seconds: number; p50: number; p95: number; max: number }>(
        `SELECT extract(epoch FROM max(sent_at) - $3::timestamptz)::float8 AS seconds,
                (percentile_cont(0.50) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)) * 1000)::float8 AS p50,
                (percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)) * 1000)::float8 AS p95,
                (max(extract(epoch FROM sent_at - due_at)) * 1000)::float8 AS max
           FROM notification_flow.schedules
          WHERE tenant_id = ANY($1::uuid[]) AND step_key = $2 AND status = 'sent'`,
        [measured.map((t) => t.id), 'P1', dueAt],
      )
    ).rows;
    // Let any straggling duplicate reach the simulator before counting.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const got = await receipts(before);
    const counted = reconcile(ids, got);
    const sendsPerS = done.sent / timing!.seconds;
    console.error(
      `phase 1: ${done.sent} sent of ${done.total} in ${timing!.seconds.toFixed(1)} s = ${sendsPerS.toFixed(0)}/s; ` +
        `latency p50 ${timing!.p50.toFixed(0)} ms, p95 ${timing!.p95.toFixed(0)} ms, max ${timing!.max.toFixed(0)} ms; ` +
        `simulator: ${got.ids.length} received, ${JSON.stringify(counted)}; statuses ${JSON.stringify(done.statuses)}`,
    );

    // ---------------------------------------------------------------------------------------------------
    // Phase 2: one tenant throttled to 60 a minute, the provider answering in 200 ms. The worker of
    // phase 3 starts now (it shares the queue, and its holds are counted too).
    const workerPort = await freePort();
    const workerBase = `http://127.0.0.1:${workerPort}`;
    worker = runScript('src/main.ts', [], { ...env, ROLE: 'worker', PORT: String(workerPort) });
    await waitReady(workerBase, 120_000);
    const throttled = tenants[TENANTS]!;
    await seed(db, throttled, 'p2-', THROTTLED_CONTACTS, 'P2', type);
    await sendgrid.setFaults({ latencyMs: THROTTLE_LATENCY_MS, pathPattern: '^/v3/mail/send' });
    const before2 = (await receipts()).total;
    const throttledBefore = await throttledTotal([base, workerBase]);
    const due2 = new Date(Date.now() + 500);
    const ids2 = new Set(await release(db, [throttled.id], 'P2', due2));
    console.error(
      `phase 2: ${ids2.size} contacts of ${throttled.slug} (email ${THROTTLED_PER_MINUTE}/min, provider latency ` +
        `${THROTTLE_LATENCY_MS} ms), ${options.throttleSeconds} s…`,
    );
    await new Promise((resolve) =>
      setTimeout(resolve, due2.getTime() - Date.now() + options.throttleSeconds * 1000),
    );
    const got2 = await receipts(before2);
    const times = got2.ids.flatMap((id, i) => (ids2.has(id) ? [got2.at[i]!] : []));
    const throttleMax = maxPerWindow(times);
    const counted2 = reconcile([...ids2], got2);
    const p2 = await progress(db, [throttled.id], 'P2');
    const throttledCount = (await throttledTotal([base, workerBase])) - throttledBefore;
    // A message held back had its due time pushed back by the throttle; one sent at once kept it.
    const [held] = (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification_flow.schedules
          WHERE tenant_id = $1 AND step_key = 'P2' AND due_at <> $2`,
        [throttled.id, due2],
      )
    ).rows;
    console.error(
      `phase 2: ${times.length} received in ${options.throttleSeconds} s, max ${throttleMax} in any 60 s; ` +
        `duplicates ${counted2.duplicates}; throttled_total +${throttledCount}, messages held ${held!.n}; ` +
        `statuses ${JSON.stringify(p2.statuses)}`,
    );

    // ---------------------------------------------------------------------------------------------------
    // Phase 3: the second worker killed (SIGKILL) in the middle of sending, provider latency 150 ms.
    const killTenant = tenants[0]!;
    await seed(db, killTenant, 'p3-', KILL_CONTACTS, 'P3', type);
    await sendgrid.setFaults({ latencyMs: KILL_LATENCY_MS, pathPattern: '^/v3/mail/send' });
    const before3 = (await receipts()).total;
    const ids3 = await release(db, [killTenant.id], 'P3', new Date(Date.now() + 500));
    const set3 = new Set(ids3);
    await eventually(
      async () => {
        const got = await receipts(before3);
        return got.ids.filter((id) => set3.has(id)).length >= KILL_CONTACTS / 5;
      },
      { timeoutMs: 120_000, intervalMs: 50, description: 'a fifth of phase 3 at the provider' },
    );
    worker.child.kill('SIGKILL');
    await worker.exited;
    const [atKill] = (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification_flow.schedules
          WHERE tenant_id = $1 AND step_key = 'P3' AND status = 'sending'`,
        [killTenant.id],
      )
    ).rows;
    console.error(`phase 3: worker killed, ${atKill!.n} schedules left sending; settling…`);
    const p3 = await eventually(
      async () => {
        const p = await progress(db, [killTenant.id], 'P3');
        return p.settled === p.total && p;
      },
      { timeoutMs: 300_000, intervalMs: 1000, description: 'every phase 3 schedule settled' },
    );
    await sendgrid.clearFaults();
    // Requests on the wire when the worker died land within the latency; let them.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const counted3 = reconcile(ids3, await receipts(before3));
    const [reconciled] = (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification_flow.schedules
          WHERE tenant_id = $1 AND step_key = 'P3' AND status_reason = 'reconciled'`,
        [killTenant.id],
      )
    ).rows;
    console.error(
      `phase 3: ${JSON.stringify(counted3)}; ${reconciled!.n} found at the provider after the kill; ` +
        `statuses ${JSON.stringify(p3.statuses)}`,
    );

    return {
      name: 'notifications',
      figures: {
        contacts: ids.length,
        tenants: TENANTS,
        sent: done.sent,
        run_s: Number(timing!.seconds.toFixed(2)),
        sends_per_s: Number(sendsPerS.toFixed(1)),
        p50_ms: Math.round(timing!.p50),
        p95_ms: Math.round(timing!.p95),
        duplicates: counted.duplicates + counted2.duplicates,
        losses: counted.losses,
        throttle_per_minute: THROTTLED_PER_MINUTE,
        throttle_provider_latency_ms: THROTTLE_LATENCY_MS,
        throttle_seconds: options.throttleSeconds,
        throttle_sent: times.length,
        throttle_max_per_60s: throttleMax,
        throttled_total: throttledCount,
        throttled_messages_held: held!.n,
        kill_contacts: ids3.length,
        kill_left_sending: atKill!.n,
        kill_reconciled: reconciled!.n,
        kill_duplicates: counted3.duplicates,
        kill_losses: counted3.losses,
      },
      targets: {
        sends_per_s: '>= 500',
        duplicates: '== 0',
        losses: '== 0',
        throttle_max_per_60s: `<= ${THROTTLED_PER_MINUTE}`,
        throttled_total: '== throttled_messages_held',
        kill_duplicates: '== 0',
        kill_losses: '== 0',
      },
    };
  } finally {
    for (const p of [worker, app])
      if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    await worker?.exited;
    await app?.exited;
    await db.end().catch(() => undefined);
    await simulators.stop();
    await database.drop();
    await deleteNamespace(namespace)
      .catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await deleteNamespace(namespace);
      })
      .catch((error: unknown) =>
        console.error(`could not delete the RabbitMQ names of ${namespace}:`, error),
      );
  }
}
