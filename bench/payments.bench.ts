/**
 * Payment webhooks (issue 16). Régua runs in this process (demo mode, ROLE=all, real Postgres on a fresh
 * database, real RabbitMQ under a unique namespace), against the built-in IXC and MagnusBilling simulators.
 *
 * Run in this order (restores first, so the throughput run's backlog cannot slow them):
 * 1. Throughput: 10,000 signed Régua webhooks (`--webhooks N`) to a tenant whose mirror holds the
 *    receivables they pay, sent by 50 concurrent senders over HTTP: 94% unique events, 5% re-sent
 *    duplicates of events already sent, 1% with a forged signature. Measured: accepted (2xx) webhooks per
 *    second, the p95 of the answer time, and that every unique event recorded exactly one payment (no
 *    double-recorded payment, no event lost, every duplicate answered `duplicate`, every forgery 401). The
 *    matched payments flow on through the outbox to notification-flow and sync-ixc as in production.
 * 2. Pay to restore: 100 overdue demo customers (`--restores N`) with their contract blocked in IXC (CA) and
 *    their VoIP line blocked in Magnus; one signed webhook each, one a second, IXC write-offs on. Measured,
 *    per payment, from the webhook's receipt to telephony-enforcement's unblock of the line in Magnus
 *    (`payments.payments.restored_at − received_at`, what `regua_payment_to_restore_seconds` observes), and
 *    checked at the simulator: every line active again, one IXC receipt per payment.
 *
 * Targets: ≥ 500 accepted webhooks/s, 0 double-recorded, restore p95 < 10 s with the default schedules.
 * The load generator shares the process (and the 2 CPUs) with Régua: the figures are a floor.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { reguaSignatureHeader } from '../src/contexts/payments/domain/regua-signature';
import { IntegrationSecrets } from '../src/platform/access/integrations/integration-secrets';
import { DemoEnvironment } from '../src/platform/demo/demo-environment';
import { MessageTransport } from '../src/platform/messaging/transports/message-transport';
import { RabbitMqTransport } from '../src/platform/messaging/transports/rabbitmq.transport';
import { SimulatorControl, type IxcData } from '../src/simulators';
import { tenantAdmin } from '../test/support/access-client';
import { BrokerNamespace } from '../test/support/broker';
import { eventually } from '../test/support/eventually';
import { PaymentsScenario } from '../test/support/payments-scenario';
import { ensureTemplateDatabase } from '../test/support/template-database';
import { startTestApp, type TestApp } from '../test/support/test-app';

const NEVER = '0 0 1 1 *';
const SECRET = 'bench-webhook-secret';
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

async function throughput(t: TestApp, count: number): Promise<Record<string, number>> {
  const { tenantId } = await tenantAdmin(t, 'bench-payments');
  const db = t.app.get(DataSource);
  await t.app.get(IntegrationSecrets).put(tenantId, 'payments', { reguaSecret: SECRET });
  await db.query(
    `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, contract_id, status, released, amount_cents,
                                       open_cents, received_cents, due_date, row_hash)
     SELECT $1, i, i, i, 'A', true, 8990, 8990, 0, current_date - 10, 'h' FROM generate_series(1, $2) i`,
    [tenantId, RECEIVABLES],
  );
  const duplicates = Math.round(count * 0.05);
  const forged = Math.round(count * 0.01);
  const uniques = count - duplicates - forged;
  const sign = (i: number, kind: Delivery['kind']): Delivery => {
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
    return { body, secret: kind === 'forged' ? 'not-the-secret' : SECRET, kind };
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

  const url = `${t.url}/api/v1/webhooks/payments/regua/${tenantId}`;
  const latencies: number[] = [];
  const answers = { matched: 0, duplicate: 0, unauthorized: 0, other: 0, forgedAccepted: 0 };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const header = reguaSignatureHeader([job.secret], Math.floor(Date.now() / 1000), job.body);
        const sentAt = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-regua-signature': header },
          body: job.body,
        });
        const answer = (await res.json()) as { outcome?: string };
        latencies.push(performance.now() - sentAt);
        const outcome = res.status === 401 ? 'unauthorized' : res.status === 200 ? answer.outcome : 'other';
        if (outcome === 'matched') answers.matched++;
        else if (outcome === 'duplicate') answers.duplicate++;
        else if (outcome === 'unauthorized') answers.unauthorized++;
        else answers.other++;
        // A duplicate may overtake its original (both in flight): which of the two records it is a race.
        if (job.kind === 'forged' && outcome !== 'unauthorized') answers.forgedAccepted++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const [counts] = (await db.query(
    `SELECT count(*)::int AS payments, count(DISTINCT event_id)::int AS events,
            count(DISTINCT provider_payment_id)::int AS payment_ids
       FROM payments.payments WHERE tenant_id = $1`,
    [tenantId],
  )) as Array<{ payments: number; events: number; payment_ids: number }>;
  const accepted = answers.matched + answers.duplicate;
  return {
    webhooks: jobs.length,
    accepted_per_s: Math.round(accepted / seconds),
    requests_per_s: Math.round(jobs.length / seconds),
    p95_ms: Math.round(percentile(latencies, 95)),
    p50_ms: Math.round(percentile(latencies, 50)),
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
  const restoreCount = option(args, 'restores', 100);
  const restoreRate = option(args, 'restore-rate', DEFAULT_RESTORE_RATE);
  await ensureTemplateDatabase();
  const broker = new BrokerNamespace();
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
  try {
    // Restores first, on the default schedules (outbox poll, recheck interval), with no backlog of the
    // throughput run's 9,400 matched payments still flowing through the consumers.
    console.error(`pay to restore: ${restoreCount} blocked lines…`);
    const restore = await restores(t, restoreCount, restoreRate);
    console.error(JSON.stringify(restore));
    console.error(`throughput: ${webhooks} webhooks at concurrency 50…`);
    const load = await throughput(t, webhooks);
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
    const transport = t.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) broker.track(transport.declaredNames());
    await t.close();
    await broker.cleanup();
  }
}
