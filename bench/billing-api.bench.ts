/**
 * Billing API throughput (issue 15): campaigns of seed 003's shape sent by ten "ERPs" (one API key per
 * tenant) through `POST /api/billing/v1/billing/send/overdue` with `X-Billing-API-Key`, then delivered
 * by the dispatcher, the outbox, RabbitMQ and the WhatsApp worker to the Evolution simulator. Régua runs
 * compiled, as its own process (demo mode, ROLE=all, real RabbitMQ under a unique namespace, a fresh
 * database); the simulators run in this process.
 *
 * Acceptance: requests/s, contacts/s and the p95 of the request latency, four requests in flight.
 * Delivery: from the first accepted request to the last receipt at the simulator (sends/s). The simulator
 * records every accepted send (recipient digits, instance, time): a duplicate is a number received more
 * than once, a loss a number never received. Each tenant sends from its own instance with a per-minute
 * throttle: the most receipts of any tenant in any sliding 60-second window must stay within it.
 *
 * Targets: accept ≥ 2,000 contacts/s, deliver ≥ 500 sends/s, no duplicates, no losses, no throttle exceeded.
 * Options: `--contacts N` (default 100,000), `--campaigns N` (default 100, a multiple of the 10 tenants;
 * fewer campaigns of the same total = bigger requests), `--per-minute N` (default 6,000). A small run
 * with the issue's request size: `--contacts 20000 --campaigns 20` (1,000 contacts per request).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DateTime } from 'luxon';
import { brazilianClosedDays } from '../src/contexts/notification-flow/domain/brazilian-holidays';
import { demoIntegration } from '../src/platform/demo/demo-integrations';
import { evolutionIsSeededNotOnWhatsApp, SimulatorControl, startSimulators } from '../src/simulators';
import { call, login } from '../test/support/access-client';
import { freePort, runToEnd, waitReady, type RunningProcess } from '../test/support/app-process';
import { createTestDatabase } from '../test/support/database';
import { eventually } from '../test/support/eventually';
import { ensureTemplateDatabase } from '../test/support/template-database';
import { deleteNamespace } from '../test/support/rabbitmq-admin';
import { benchAppEnv } from './support/app-env';
import { buildApp, runBuiltApp } from './support/built-app';
import { cpuBetween, cpuReading } from './support/process-cpu';

const SEED = 1;
const TENANTS = 10;
const IN_FLIGHT = 4;
const PASSWORD = 'benchmark password 1';
const TIME_ZONE = 'America/Sao_Paulo';
const WINDOW_MS = 60_000;

interface Options {
  contacts: number;
  campaigns: number;
  perMinute: number;
}

function parseArgs(args: string[]): Options {
  const options: Options = { contacts: 100_000, campaigns: 100, perMinute: 6000 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--contacts') options.contacts = Number(args[++i]);
    else if (arg === '--campaigns') options.campaigns = Number(args[++i]);
    else if (arg === '--per-minute') options.perMinute = Number(args[++i]);
    else throw new Error(`unknown argument ${arg}`);
  }
  const { campaigns } = options;
  if (!Number.isInteger(campaigns) || campaigns < TENANTS || campaigns % TENANTS !== 0)
    throw new Error(`--campaigns needs a positive multiple of ${TENANTS}`);
  if (
    !Number.isInteger(options.contacts) ||
    options.contacts < campaigns ||
    options.contacts > campaigns * 10_000
  )
    throw new Error(`--contacts needs an integer from ${campaigns} to ${campaigns * 10_000}`);
  return options;
}

interface Receipts {
  total: number;
  numbers: string[];
  instances: string[];
  at: number[];
}

interface Tenant {
  slug: string;
  id: string;
  key: string;
  instance: string;
}

/** Distinct São Paulo mobiles the simulated WhatsApp knows (its seeded 5% "not on WhatsApp" left out). */
function phones(count: number): string[] {
  const out: string[] = [];
  for (let n = 10_000_000; out.length < count; n++) {
    const phone = `+55119${String(n).padStart(8, '0')}`;
    if (!evolutionIsSeededNotOnWhatsApp(SEED, phone)) out.push(phone);
  }
  return out;
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

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const options = parseArgs(args);
  await ensureTemplateDatabase();
  await buildApp();
  const appPort = await freePort();
  const database = await createTestDatabase();
  const namespace = `bench.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const small = { customers: 5, contracts: 5, receivables: 0 };
  const simulators = await startSimulators(undefined, {
    seed: SEED,
    settings: { ixc: small, magnus: { users: 5, withoutContract: 0, ixc: small } },
  });
  const evolution = new SimulatorControl(`${simulators.urlOf('evolution')}/__control`);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  let app: RunningProcess | undefined;
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
        API_KEY_RATE_LIMIT_PER_MINUTE: '100000',
        NODE_OPTIONS: process.env.APP_NODE_OPTIONS ?? '--max-old-space-size=512',
      },
    });

    const slugs = Array.from({ length: TENANTS }, (_, i) => `erp-${i + 1}`);
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
    app = runBuiltApp(env);
    const base = `http://127.0.0.1:${appPort}`;
    await waitReady(base, 120_000);

    const integration = demoIntegration('evolution', simulators.urlOf('evolution'), SEED);
    const tenants: Tenant[] = [];
    for (const slug of slugs) {
      const token = await login(base, `admin@${slug}.bench.test`, PASSWORD, slug);
      const instance = `bench-${slug}`;
      await evolution.modify({ action: 'addInstance', instance });
      const put = await call(base, 'PUT', '/api/v1/admin/integrations/evolution', {
        token,
        body: {
          settings: { ...integration.settings, instance, messagesPerSecond: 500 },
          secrets: integration.secrets,
        },
      });
      if (put.status !== 200) throw new Error(`evolution integration of ${slug}: ${put.status} ${put.text}`);
      const created = await call<{ secret: string }>(base, 'POST', '/api/billing/v1/billing/api-keys', {
        token,
        body: { name: `ERP ${slug}` },
      });
      if (created.status !== 201)
        throw new Error(`billing key of ${slug}: ${created.status} ${created.text}`);
      const [row] = (await db.query<{ id: string }>(`SELECT id FROM access.tenants WHERE slug = $1`, [slug]))
        .rows;
      await db.query(
        `INSERT INTO notification_flow.tenant_settings (tenant_id, settings) VALUES ($1, $2)
         ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings`,
        [
          row!.id,
          JSON.stringify({
            businessHours: { timeZone: TIME_ZONE, week: Array(7).fill({ open: '00:00', close: '23:59' }) },
            throttles: { whatsapp: { perMinute: options.perMinute, perDay: null } },
          }),
        ],
      );
      tenants.push({ slug, id: row!.id, key: created.body.secret, instance });
    }
    await evolution.modify({ action: 'clearMessages' });
    // On a national holiday only notifications go out at once: the bench still measures sends.
    const today = DateTime.now().setZone(TIME_ZONE).toISODate()!;
    const type = brazilianClosedDays([])(today) ? 'notification' : 'overdue';

    const campaignsPerTenant = options.campaigns / TENANTS;
    const perCampaign = Math.floor(options.contacts / options.campaigns);
    const numbers = phones(perCampaign * TENANTS * campaignsPerTenant);
    const jobs = tenants.flatMap((tenant, t) =>
      Array.from({ length: campaignsPerTenant }, (_, c) => {
        const offset = (t * campaignsPerTenant + c) * perCampaign;
        const contacts = numbers.slice(offset, offset + perCampaign).map((telefone, i) => ({
          nome: `Cliente ${offset + i}`,
          telefone,
          valor: 'R$ 99,90',
          data_vencimento: DateTime.fromISO(today).minus({ days: 5 }).toISODate()!,
          ...(type === 'notification' ? { titulo: 'Fatura', mensagem: 'sua fatura está em aberto.' } : {}),
        }));
        return { tenant, body: JSON.stringify({ template_type: type, contacts, external_id: `lote-${c}` }) };
      }),
    );
    console.error(`sending ${jobs.length} campaigns of ${perCampaign} contacts (${type})…`);

    const databaseName = new URL(database.url).pathname.slice(1);
    const cpuNow = () => cpuReading(app!.child.pid!, databaseName);
    const cpuAtStart = cpuNow();
    const latencies: number[] = [];
    const started = performance.now();
    const startedAt = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          const t0 = performance.now();
          const res = await fetch(`${base}/api/billing/v1/billing/send/${type}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-billing-api-key': job.tenant.key },
            body: job.body,
          });
          const text = await res.text();
          if (res.status !== 202) throw new Error(`send failed: ${res.status} ${text.slice(0, 500)}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const acceptSeconds = (performance.now() - started) / 1000;
    const cpuAccepted = cpuNow();
    const total = numbers.length;
    console.error(`accepted ${total} contacts in ${acceptSeconds.toFixed(1)} s; delivering…`);

    let lastTotal = -1;
    let lastChange = Date.now();
    const receipts = await eventually(
      async () => {
        const r = await evolution.modify<Receipts>({ action: 'receipts' });
        if (r.total !== lastTotal) {
          lastTotal = r.total;
          lastChange = Date.now();
          console.error(`  ${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${r.total} received`);
        } else if (Date.now() - lastChange > 60_000) {
          throw new Error(`no progress for 60 s at ${r.total}/${total}`);
        }
        return r.total >= total && r;
      },
      { timeoutMs: 900_000, intervalMs: 2000, description: 'every contact received' },
    ).catch((error: unknown) => {
      console.error(app?.stderr().slice(-3000));
      throw error;
    });
    const cpuDelivered = cpuNow();
    // a moment more: a duplicate arriving after the last expected receipt still counts
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const final = await evolution.modify<Receipts>({ action: 'receipts' });

    const counts = new Map<string, number>();
    for (const n of final.numbers) counts.set(n, (counts.get(n) ?? 0) + 1);
    let duplicates = 0;
    let losses = 0;
    for (const phone of numbers) {
      const n = counts.get(phone.slice(1)) ?? 0;
      if (n === 0) losses++;
      if (n > 1) duplicates += n - 1;
    }
    const expected = new Set(numbers.map((n) => n.slice(1)));
    const unexpected = [...counts.keys()].filter((n) => !expected.has(n)).length;
    const perInstance = new Map<string, number[]>();
    final.instances.forEach((instance, i) => {
      const list = perInstance.get(instance) ?? [];
      list.push(final.at[i]!);
      perInstance.set(instance, list);
    });
    const maxWindow = Math.max(...[...perInstance.values()].map(maxPerWindow));
    const lastAt = Math.max(...receipts.at);
    const deliverSeconds = (lastAt - startedAt) / 1000;
    const firstAt = Math.min(...receipts.at);
    const acceptCpu = cpuBetween(cpuAtStart, cpuAccepted);
    const wholeCpu = cpuBetween(cpuAtStart, cpuDelivered);
    const msPerContact = (seconds: number) => Number(((seconds * 1000) / total).toFixed(3));
    return {
      name: 'billing-api',
      figures: {
        contacts: total,
        campaigns: jobs.length,
        tenants: TENANTS,
        contacts_per_request: perCampaign,
        accept_seconds: Number(acceptSeconds.toFixed(2)),
        requests_per_s: Number((jobs.length / acceptSeconds).toFixed(1)),
        accepted_contacts_per_s: Math.round(total / acceptSeconds),
        request_p50_ms: Math.round(percentile(latencies, 50)),
        request_p95_ms: Math.round(percentile(latencies, 95)),
        delivered: final.total,
        deliver_seconds: Number(deliverSeconds.toFixed(2)),
        sends_per_s: Math.round(total / deliverSeconds),
        sends_per_s_from_first_receipt: Math.round(total / Math.max(0.001, (lastAt - firstAt) / 1000)),
        duplicates,
        losses,
        unexpected_recipients: unexpected,
        // CPU per contact, accepting (while sends start) and accepting + delivering, app and Postgres
        app_cpu_ms_per_contact_accept: msPerContact(acceptCpu.app),
        pg_cpu_ms_per_contact_accept: msPerContact(acceptCpu.pg),
        app_cpu_ms_per_contact: msPerContact(wholeCpu.app),
        pg_cpu_ms_per_contact: msPerContact(wholeCpu.pg),
        load_average_1m: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
        throttle_per_minute: options.perMinute,
        max_per_tenant_60s: maxWindow,
      },
      targets: {
        accepted_contacts_per_s: '>= 2000',
        sends_per_s: '>= 500',
        duplicates: '== 0',
        losses: '== 0',
        max_per_tenant_60s: `<= ${options.perMinute}`,
      },
    };
  } finally {
    if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGTERM');
    await app?.exited;
    await db.end().catch(() => undefined);
    await simulators.stop();
    await database.drop();
    await deleteNamespace(namespace).catch((error: unknown) =>
      console.error(`could not delete the RabbitMQ names of ${namespace}:`, error),
    );
  }
}
