/**
 * Payment webhooks (issue 16), real Postgres on fresh databases, real RabbitMQ under unique namespaces.
 *
 * Run in this order (restores first, so the throughput run's backlog cannot slow them):
 * 1. Pay to restore, Régua in this process (demo mode, ROLE=all) against the built-in IXC and Magnus
 *    simulators: 100 overdue demo customers (`--restores N`) with their contract blocked in IXC (CA) and
 *    their VoIP line blocked in Magnus; one signed webhook each, one a second, IXC write-offs on. Measured,
 *    per payment, from the webhook's receipt to telephony-enforcement's unblock of the line in Magnus
 *    (`payments.payments.restored_at − received_at`, what `regua_payment_to_restore_seconds` observes), and
 *    checked at the simulator: every line active again, one IXC receipt per payment.
 * 2. Throughput, Régua in its own process, compiled and run as `npm start` does (ROLE=all), the load
 *    generator here:
 *    first 1,000 warm-up webhooks (`--warmup N`, measured apart: a fresh process compiles its hot paths),
 *    then, once the app has drained their consumers, the measured run:
 *    10,000 signed Régua webhooks (`--webhooks N`) to a tenant whose mirror holds the receivables they
 *    pay, sent by 50 concurrent senders over HTTP: 94% unique events, 5% re-sent duplicates of events
 *    already sent, 1% with a forged signature. Measured: accepted (2xx) webhooks per second, the p95 of the
 *    answer time, the app's and its database backends' CPU per webhook, and that every unique event
 *    recorded exactly one payment (no double-recorded payment, no event lost, every duplicate answered
 *    `duplicate`, every forgery 401). The matched payments flow on through the outbox to the consumers of
 *    notification-flow, sync-ixc and debt-escalation in the same process, as in production.
 *
 * Targets: ≥ 500 accepted webhooks/s, 0 double-recorded, restore p95 < 10 s with the default schedules.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Pool } from 'undici';
import { reguaSignatureHeader } from '../src/contexts/payments/domain/regua-signature';
import { DemoEnvironment } from '../src/platform/demo/demo-environment';
import { MessageTransport } from '../src/platform/messaging/transports/message-transport';
import { RabbitMqTransport } from '../src/platform/messaging/transports/rabbitmq.transport';
import { SimulatorControl, startSimulators, type IxcData } from '../src/simulators';
import { call, login, tenantAdmin } from '../test/support/access-client';
import { freePort, runToEnd, waitReady, type RunningProcess } from '../test/support/app-process';
import { BrokerNamespace } from '../test/support/broker';
import { eventually } from '../test/support/eventually';
import { PaymentsScenario } from '../test/support/payments-scenario';
import { createTestDatabase } from '../test/support/database';
import { deleteNamespace } from '../test/support/rabbitmq-admin';
import { ensureTemplateDatabase } from '../test/support/template-database';
import { startTestApp, type TestApp } from '../test/support/test-app';
import { benchAppEnv, NEVER } from './support/app-env';
import { buildApp, runBuiltApp } from './support/built-app';
import { cpuBetween, cpuReading, type CpuReading } from './support/process-cpu';

const SECRET = 'bench-webhook-secret';
const PASSWORD = 'benchmark password 1';
const CONCURRENCY = 50;
const RECEIVABLES = 2_000;
/**
 * Payments arriving per second in the restore run (`--restore-rate`, default 1: far above an ISP's real
 * peak of a few a minute). Each costs 4 IXC requests (the write-off's live read and receipt, the customer's
 * contracts and receivables) and joins the next enforcement recheck run (every 2 s, one at a time per
 * tenant): at several a second, restore time is queueing at IXC's rate limit (25/s by default) and
 * behind the previous run, not Régua's own work.
 */
const DEFAULT_RESTORE_RATE = 1;

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

/** Answers a second in each tenth of the run (a slow start, a slowdown late in the run). */
function ratesByTenth(started: number, doneAt: number[]): number[] {
  const tenth = Math.floor(doneAt.length / 10);
  if (tenth === 0) return [];
  return Array.from({ length: 10 }, (_, i) => {
    const from = i === 0 ? started : doneAt[i * tenth - 1]!;
    return Math.round(tenth / ((doneAt[(i + 1) * tenth - 1]! - from) / 1000));
  });
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Delivery {
  body: Buffer;
  /** signed when sent, as gateways sign every attempt (a retry carries a fresh timestamp) */
  secret: string;
  kind: 'unique' | 'duplicate' | 'forged';
}

interface AppUnderLoad {
  base: string;
  db: Client;
  tenantId: string;
  /** CPU of the app process and of its database backends so far */
  cpu(): CpuReading;
}

/**
 * Régua as production runs it: its own process (ROLE=all, demo mode against small simulators in this
 * process, real RabbitMQ under a unique namespace, a fresh database), so the load generator below does
 * not share its event loop. The tenant, its admin and its webhook secret are made as an operator would:
 * the CLI, then the admin API.
 */
async function startAppUnderLoad(
  processes: RunningProcess[],
  cleanups: Array<() => Promise<void>>,
): Promise<AppUnderLoad> {
  const port = await freePort();
  const database = await createTestDatabase();
  const namespace = `bench.${Date.now().toString(36)}${randomUUID().slice(0, 6)}`;
  const small = { customers: 5, contracts: 5, receivables: 0 };
  const simulators = await startSimulators(undefined, {
    seed: 1,
    settings: { ixc: small, magnus: { users: 5, withoutContract: 0, ixc: small } },
  });
  cleanups.push(() => simulators.stop());
  cleanups.push(() => deleteNamespace(namespace));
  const env = benchAppEnv({
    databaseUrl: database.url,
    port,
    simulatorsUrl: simulators.baseUrl,
    namespace,
    passThrough: /^(OUTBOX_|MESSAGING_|DB_POOL|PAYMENTS_)/,
  });
  await buildApp();
  const slug = 'bench-payments';
  const email = `admin@${slug}.bench.test`;
  const made = await runToEnd(
    'src/cli/main.ts',
    ['create-admin', '--email', email, '--password', PASSWORD, '--tenant', slug],
    env,
  );
  if (made.code !== 0) throw new Error(`create-admin failed: ${made.stderr}`);
  const app = runBuiltApp(env);
  processes.push(app);
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base, 120_000);
  const token = await login(base, email, PASSWORD, slug);
  const put = await call(base, 'PUT', '/api/v1/admin/integrations/payments', {
    token,
    body: { settings: { toleranceSeconds: 300 }, secrets: { reguaSecret: SECRET } },
  });
  if (put.status !== 200) throw new Error(`payments integration: ${put.status} ${put.text}`);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  cleanups.push(() => db.end());
  const [tenant] = (await db.query<{ id: string }>(`SELECT id FROM access.tenants WHERE slug = $1`, [slug]))
    .rows;
  const databaseName = new URL(database.url).pathname.slice(1);
  return { base, db, tenantId: tenant!.id, cpu: () => cpuReading(app.child.pid!, databaseName) };
}

/** What the senders saw of one batch of deliveries. */
interface Sent {
  seconds: number;
  latencies: number[];
  doneAt: number[];
  started: number;
  answers: {
    matched: number;
    duplicate: number;
    unauthorized: number;
    other: number;
    forgedAccepted: number;
  };
}

/**
 * Sends `jobs` by 50 concurrent senders over kept-alive connections through undici's own client
 * (Node's global fetch costs the senders about a millisecond of CPU a request, which on a 2-CPU box is
 * taken from the app being measured).
 */
async function send(target: AppUnderLoad, jobs: Delivery[]): Promise<Sent> {
  const path = `/api/v1/webhooks/payments/regua/${target.tenantId}`;
  const sent: Sent = {
    seconds: 0,
    latencies: [],
    doneAt: [],
    started: performance.now(),
    answers: { matched: 0, duplicate: 0, unauthorized: 0, other: 0, forgedAccepted: 0 },
  };
  const { answers } = sent;
  let next = 0;
  const pool = new Pool(target.base, { connections: CONCURRENCY });
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const header = reguaSignatureHeader([job.secret], Math.floor(Date.now() / 1000), job.body);
        const sentAt = performance.now();
        const res = await pool.request({
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-regua-signature': header },
          body: job.body,
        });
        const answer = (await res.body.json()) as { outcome?: string };
        sent.latencies.push(performance.now() - sentAt);
        sent.doneAt.push(performance.now());
        const status = res.statusCode;
        const outcome = status === 401 ? 'unauthorized' : status === 200 ? answer.outcome : 'other';
        if (outcome === 'matched') answers.matched++;
        else if (outcome === 'duplicate') answers.duplicate++;
        else if (outcome === 'unauthorized') answers.unauthorized++;
        else answers.other++;
        // A duplicate may overtake its original (both in flight): which of the two records it is a race.
        if (job.kind === 'forged' && outcome !== 'unauthorized') answers.forgedAccepted++;
      }
    }),
  );
  sent.seconds = (performance.now() - sent.started) / 1000;
  await pool.close();
  return sent;
}

/** Until the app has published its outbox and its consumers are idle (under 5% of a CPU for a second). */
async function settle(target: AppUnderLoad): Promise<void> {
  await eventually(
    async () => {
      const [pending] = (
        await target.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM messaging.outbox WHERE published_at IS NULL`,
        )
      ).rows;
      if (pending!.n > 0) return false;
      const before = target.cpu();
      await new Promise<void>((resolve) => setTimeout(resolve, 1000));
      return cpuBetween(before, target.cpu()).app < 0.05;
    },
    { timeoutMs: 120_000, intervalMs: 200, description: 'the app to finish the warm-up' },
  );
}

async function throughput(
  target: AppUnderLoad,
  count: number,
  warmupCount: number,
): Promise<Record<string, number>> {
  const { db, tenantId } = target;
  await db.query(
    `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, contract_id, status, released, amount_cents,
                                       open_cents, received_cents, due_date, row_hash)
     SELECT $1, i, i, i, 'A', true, 8990, 8990, 0, current_date - 10, 'h' FROM generate_series(1, $2) i`,
    [tenantId, RECEIVABLES],
  );
  const duplicates = Math.round(count * 0.05);
  const forged = Math.round(count * 0.01);
  const uniques = count - duplicates - forged;
  const sign = (i: number, kind: Delivery['kind'] | 'warmup'): Delivery => {
    const body = Buffer.from(
      JSON.stringify({
        id: `evt_${kind}_${i}_${randomUUID()}`,
        type: 'payment.received',
        data: {
          paymentId: `pay_${randomUUID()}`,
          amountCents: 8990,
          method: 'pix',
          externalReference: String((i % RECEIVABLES) + 1),
        },
      }),
    );
    return {
      body,
      secret: kind === 'forged' ? 'not-the-secret' : SECRET,
      kind: kind === 'forged' ? kind : 'unique',
    };
  };
  const unique = Array.from({ length: uniques }, (_, i) => sign(i, 'unique'));
  const jobs: Delivery[] = [...unique];
  // A duplicate re-sends an event sent earlier in the run: inserted after its original.
  for (let d = 0; d < duplicates; d++) {
    const original = unique[Math.floor((d / duplicates) * uniques * 0.9)]!;
    const at = Math.min(jobs.length, jobs.indexOf(original) + 50 + (d % 200));
    jobs.splice(at, 0, { ...original, kind: 'duplicate' });
  }
  for (let f = 0; f < forged; f++) jobs.splice(Math.floor((f / forged) * jobs.length), 0, sign(f, 'forged'));

  // A freshly started process runs its first thousand requests at half speed (V8 compiles the hot paths,
  // pools open their connections): that warm-up is measured on its own, then the app is left to drain
  // its consumers, and the measured run starts on a warm, idle process, as a server in production is.
  let warmup: Sent | undefined;
  if (warmupCount > 0) {
    warmup = await send(
      target,
      Array.from({ length: warmupCount }, (_, i) => sign(i, 'warmup')),
    );
    await settle(target);
  }

  const cpuAtStart = target.cpu();
  const ownCpuAtStart = process.cpuUsage();
  const sent = await send(target, jobs);
  const { answers, seconds } = sent;
  console.error(
    `answers a second, by tenth of the run: ${ratesByTenth(sent.started, sent.doneAt).join(' ')}`,
  );
  const cpu = cpuBetween(cpuAtStart, target.cpu());
  const ownCpu = process.cpuUsage(ownCpuAtStart);
  const [counts] = (
    await db.query<{ payments: number; events: number; payment_ids: number }>(
      `SELECT count(*)::int AS payments, count(DISTINCT event_id)::int AS events,
              count(DISTINCT provider_payment_id)::int AS payment_ids
         FROM payments.payments WHERE tenant_id = $1 AND event_id NOT LIKE 'evt\\_warmup\\_%'`,
      [tenantId],
    )
  ).rows;
  const accepted = answers.matched + answers.duplicate;
  return {
    warmup_webhooks: warmupCount,
    warmup_accepted_per_s: warmup
      ? Math.round((warmup.answers.matched + warmup.answers.duplicate) / warmup.seconds)
      : 0,
    warmup_unexpected_answers: warmup ? warmupCount - warmup.answers.matched : 0,
    webhooks: jobs.length,
    accepted_per_s: Math.round(accepted / seconds),
    requests_per_s: Math.round(jobs.length / seconds),
    p95_ms: Math.round(percentile(sent.latencies, 95)),
    p50_ms: Math.round(percentile(sent.latencies, 50)),
    // CPU per webhook while the webhooks were answered (the consumers downstream included, as far as
    // they kept up): these do not depend on what else shares the box, unlike the rates.
    app_cpu_ms_per_webhook: Number(((cpu.app * 1000) / jobs.length).toFixed(2)),
    pg_cpu_ms_per_webhook: Number(((cpu.pg * 1000) / jobs.length).toFixed(2)),
    // the senders' own share of the box (signing, HTTP client)
    load_generator_cpu_ms_per_webhook: Number(
      ((ownCpu.user + ownCpu.system) / 1000 / jobs.length).toFixed(2),
    ),
    recorded: counts!.payments,
    double_recorded: counts!.payments - counts!.payment_ids + (counts!.payments - counts!.events),
    lost: uniques - counts!.payments,
    duplicates_answered: answers.duplicate,
    forged_refused: answers.unauthorized,
    forged_accepted: answers.forgedAccepted,
    unexpected_answers:
      answers.other + Math.abs(answers.matched - uniques) + Math.abs(answers.duplicate - duplicates),
  };
}

async function restores(t: TestApp, count: number, perSecond: number): Promise<Record<string, number>> {
  const demo = t.app.get(DemoEnvironment);
  const admin = await tenantAdmin(t, 'demo');
  const s = new PaymentsScenario(
    t,
    admin.tenantId,
    admin.token,
    new SimulatorControl(demo.controlUrlOf('ixc')),
    new SimulatorControl(demo.controlUrlOf('magnus')),
  );
  await s.firstMirror();
  await s.configure();
  const users = (await s.soleContractUsers()).slice(0, count);
  const debtors: Array<{ magnusUserId: number; receivableId: string }> = [];
  for (const user of users) {
    const prepared = await s.blockedDebtor(user);
    debtors.push({ magnusUserId: prepared.magnusUserId, receivableId: await prepared.add() });
  }
  await s.sync(['cliente_contrato', 'fn_areceber']);
  const receiptsBefore = (await s.ixc.data<IxcData>()).receipts.length;
  for (const d of debtors) {
    const { body, header } = s.signed(d.receivableId);
    const res = await s.post(body, header);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 1000 / perSecond));
  }
  const receivableIds = debtors.map((d) => d.receivableId);
  const rows = await eventually(
    async () => {
      const found = (await s.db.query(
        `SELECT extract(epoch FROM (restored_at - received_at))::float8 AS seconds FROM payments.payments
          WHERE tenant_id = $1 AND receivable_id = ANY($2::text[]) AND restored_at IS NOT NULL`,
        [admin.tenantId, receivableIds],
      )) as Array<{ seconds: number }>;
      return found.length === debtors.length && found;
    },
    { timeoutMs: 180_000, intervalMs: 500, description: 'every line to be restored' },
  );
  const seconds = rows.map((r) => r.seconds);
  const active = await Promise.all(debtors.map((d) => s.lineActive(d.magnusUserId)));
  const receipts = (await s.ixc.data<IxcData>()).receipts.length - receiptsBefore;
  return {
    restores: debtors.length,
    restore_rate_per_s: perSecond,
    restore_p50_s: Number(percentile(seconds, 50).toFixed(2)),
    restore_p95_s: Number(percentile(seconds, 95).toFixed(2)),
    restore_max_s: Number(Math.max(...seconds).toFixed(2)),
    lines_active: active.filter((a) => a === 1).length,
    ixc_receipts: receipts,
  };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const webhooks = option(args, 'webhooks', 10_000);
  const warmup = option(args, 'warmup', 1_000);
  const restoreCount = option(args, 'restores', 100);
  const restoreRate = option(args, 'restore-rate', DEFAULT_RESTORE_RATE);
  await ensureTemplateDatabase();
  const broker = new BrokerNamespace();
  // Restores first, on the default schedules (outbox poll, recheck interval), with no backlog of the
  // throughput run's 9,400 matched payments still flowing through the consumers.
  const t = await startTestApp({
    env: {
      REGUA_MODE: 'demo',
      ROLE: 'all',
      AMQP_URL: broker.url,
      AMQP_NAMESPACE: broker.prefix,
      DB_POOL_SIZE: '20',
      ENFORCEMENT_CRON: NEVER,
      IXC_INCREMENTAL_CRON: NEVER,
      IXC_FULL_CRON: NEVER,
      IXC_AUTOMATION_CRON: NEVER,
    },
  });
  let restore: Record<string, number>;
  try {
    console.error(`pay to restore: ${restoreCount} blocked lines…`);
    restore = await restores(t, restoreCount, restoreRate);
    console.error(JSON.stringify(restore));
  } finally {
    const transport = t.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) broker.track(transport.declaredNames());
    await t.close();
    await broker.cleanup();
  }
  const processes: RunningProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const target = await startAppUnderLoad(processes, cleanups);
    console.error(`throughput: ${warmup} warm-up webhooks, then ${webhooks} at concurrency ${CONCURRENCY}…`);
    const load = await throughput(target, webhooks, warmup);
    console.error(JSON.stringify(load));
    return {
      name: 'payments',
      figures: { ...load, ...restore },
      targets: {
        accepted_per_s: '>= 500',
        double_recorded: '== 0',
        lost: '== 0',
        unexpected_answers: '== 0',
        forged_accepted: '== 0',
        restore_p95_s: '< 10',
      },
    };
  } finally {
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
