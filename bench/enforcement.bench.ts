/**
 * Telephony enforcement at scale: 20,000 MagnusBilling users (18,000 with a contract reference) against
 * 20,000 IXC contracts, both simulators answering every wire request 30 ms late. The simulators run in
 * their own process (this file, started with `--serve-simulators`: the `regua simulators` CLI cannot pass
 * Magnus its `ixc` settings object), Régua in its own process (demo mode pointed at them with
 * DEMO_SIMULATORS_URL, RabbitMQ, a fresh test database), as in production.
 *
 * Measured: one real (not dry) reconcile run started through the API as an admin, from POST to the run's
 * `completed` (every action settled in Magnus): wall time and the IXC and Magnus wire requests it made. It
 * follows the fresh tenant's first IXC sync and first-look dry run, and a restart of Régua (with
 * `--dedicated-limits` the demo tenant's client limits are raised for dedicated IXC and Magnus servers;
 * by default the product defaults apply). The run is rate-bound: ~90 IXC requests and ~270 Magnus
 * requests (239 of them writes).
 *
 * Reference, in the same process on the same simulators: the replaced tool's strategy (ab-magnus,
 * integrations.md §10), implemented here only: list Magnus users 25 per page like the official PHP client,
 * then one IXC request per user with a contract (`cliente_contrato.id = X`), strictly one at a time, then
 * one Magnus write per mismatch, one at a time. Every step of it is one request after another, so its time
 * is linear in the users by construction: it is measured on a sample (the pages that hold the first
 * `--baseline-users` linked users, default 1,500; `--baseline-full` for all) and extrapolated — listing to
 * every user, lookups and writes to every user with a contract. It runs after the measured run, on a Magnus
 * simulator reset to its seeded state (same users, same drift) and with Régua stopped (no competition for
 * the CPU).
 *
 * Targets: at least 50× faster than that reference, at most one IXC request per 100 users, a full real run
 * under 20 s.
 */
import { randomBytes } from 'node:crypto';
import { signedMagnusRequest } from '../src/contexts/telephony-enforcement/infrastructure/magnus/magnus-signature';
import {
  IXC_DEMO_CREDENTIALS,
  MAGNUS_DEMO_CREDENTIALS,
  SimulatorControl,
  startSimulators,
  type MagnusData,
} from '../src/simulators';
import { call, login } from '../test/support/access-client';
import {
  cleanEnv,
  freePort,
  runScript,
  runToEnd,
  waitReady,
  type RunningProcess,
} from '../test/support/app-process';
import { createTestDatabase } from '../test/support/database';
import { eventually } from '../test/support/eventually';
import { ensureTemplateDatabase } from '../test/support/template-database';
import { deleteNamespace } from '../test/support/rabbitmq-admin';
import { TEST_AMQP_URL } from '../test/support/test-env';

const ADMIN = { email: 'bench@demo.regua.local', password: 'benchmark password 1' };
const NEVER = '0 0 1 1 *';
const SEED = 1;
const LATENCY_MS = 30;
const IXC = { customers: 20_000, contracts: 20_000, receivables: 0 };
/**
 * 18,000 users with a contract reference: 17,800 on a contract of their own, 100 sharing one, 100 on a
 * contract IXC does not have. 1.5% of them disagree with IXC: what an hourly run finds changed since the
 * last hour, well under the safety breaker's default limits (10% of accounts, 1,000 block/disable).
 */
const MAGNUS = {
  users: 20_000,
  withoutContract: 2_000,
  unknownContracts: 100,
  sharedContracts: 100,
  drift: 0.015,
  ixc: IXC,
};

interface Run {
  id: string;
  status: string;
  phase: string;
  dryRun: boolean;
  usersListed: number;
  accounts: number;
  counts: Record<string, number>;
  pending: number;
  applied: number;
  failed: number;
  heldReason: string | null;
  error: string | null;
  durationMs: number;
}
interface Action {
  magnusUserId: number;
  action: string;
  toValue: number | null;
  outcome: string;
}
type RunDetail = Run & { actions: { items: Action[]; total: number } };

interface Limits {
  concurrency: number;
  requestsPerSecond: number;
}

/**
 * `--dedicated-limits`: client limits for an ISP whose IXC and MagnusBilling run on servers of their own.
 * By default the measured run uses the product defaults (IXC 4 at once / 25 a second, Magnus 8 / 50).
 */
const DEDICATED_LIMITS: { ixc: Limits; magnus: Limits } = {
  ixc: { concurrency: 4, requestsPerSecond: 40 },
  magnus: { concurrency: 8, requestsPerSecond: 50 },
};

interface Options {
  baselineUsers: number;
  baselineFull: boolean;
  skipBaseline: boolean;
  /** undefined keeps the product defaults */
  limits?: { ixc: Limits; magnus: Limits };
}

function parseArgs(args: string[]): Options {
  const options: Options = {
    baselineUsers: 1500,
    baselineFull: false,
    skipBaseline: false,
    limits: undefined,
  };
  const limits = (value: string | undefined): Limits => {
    const [concurrency, requestsPerSecond] = String(value).split(',').map(Number);
    return { concurrency: concurrency!, requestsPerSecond: requestsPerSecond! };
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--baseline-users') options.baselineUsers = Number(args[++i]);
    else if (arg === '--baseline-full') options.baselineFull = true;
    else if (arg === '--skip-baseline') options.skipBaseline = true;
    else if (arg === '--default-limits') options.limits = undefined;
    else if (arg === '--dedicated-limits') options.limits = DEDICATED_LIMITS;
    else if (arg === '--ixc-limits')
      options.limits = { ...DEDICATED_LIMITS, ...options.limits, ixc: limits(args[++i]) };
    else if (arg === '--magnus-limits')
      options.limits = { ...DEDICATED_LIMITS, ...options.limits, magnus: limits(args[++i]) };
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.baselineUsers) || options.baselineUsers <= 0) {
    throw new Error('--baseline-users needs a positive integer');
  }
  return options;
}

// ---------------------------------------------------------------------------------------------------------
// The simulators' own process.

async function serveSimulators(port: number): Promise<void> {
  const host = await startSimulators(undefined, { port, seed: SEED, settings: { ixc: IXC, magnus: MAGNUS } });
  console.log(`Simulators listening at ${host.baseUrl}`);
  const stop = (): void => void host.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// ---------------------------------------------------------------------------------------------------------
// Wire helpers of the reference strategy (and of the spot check).

class MagnusWire {
  constructor(private readonly baseUrl: string) {}

  /** One signed request, as the official PHP client sends it. */
  async call<T>(action: string, params: Array<[string, string]>): Promise<T> {
    const signed = signedMagnusRequest({
      module: 'user',
      action,
      params,
      apiKey: MAGNUS_DEMO_CREDENTIALS.apiKey,
      apiSecret: MAGNUS_DEMO_CREDENTIALS.apiSecret,
    });
    const res = await fetch(`${this.baseUrl}${signed.path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        key: signed.headers.Key,
        sign: signed.headers.Sign,
      },
      body: signed.body,
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`Magnus ${action} answered ${res.status}: ${text.slice(0, 200)}`);
    }
  }

  /** `read($module, $page)` of magnusbilling-api-php: 25 rows a page, `start = (page - 1) * 25`. */
  page(page: number, filter: unknown[] = []) {
    return this.call<{ rows: MagnusRow[] | false; count: number }>('read', [
      ['page', String(page)],
      ['start', String((page - 1) * 25)],
      ['limit', '25'],
      ['filter', JSON.stringify(filter)],
    ]);
  }

  async byIds(ids: number[]): Promise<MagnusRow[]> {
    const res = await this.call<{ rows: MagnusRow[] | false }>('read', [
      ['start', '0'],
      ['limit', String(ids.length)],
      // A numeric filter first: PHP 8 Magnus (and its simulator) crash on a leading list filter.
      [
        'filter',
        JSON.stringify([
          { type: 'numeric', field: 'id', value: 0, comparison: 'gt' },
          { type: 'list', field: 'id', value: ids },
        ]),
      ],
    ]);
    return res.rows || [];
  }

  save(id: number, active: number) {
    return this.call<{ success: boolean }>('save', [
      ['id', String(id)],
      ['active', String(active)],
    ]);
  }
}

interface MagnusRow {
  id: number | string;
  active: number | string | null;
  dist: string | null;
}

/** One IXC lookup of one contract, the way the replaced tool asked (primary filter `=` on the id). */
async function ixcContract(
  baseUrl: string,
  id: string,
): Promise<{ status: string; status_internet: string } | undefined> {
  const auth = Buffer.from(`${IXC_DEMO_CREDENTIALS.user}:${IXC_DEMO_CREDENTIALS.token}`).toString('base64');
  const res = await fetch(`${baseUrl}/cliente_contrato`, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, ixcsoft: 'listar', 'content-type': 'application/json' },
    body: JSON.stringify({
      qtype: 'cliente_contrato.id',
      query: id,
      oper: '=',
      page: '1',
      rp: '20',
      sortname: 'cliente_contrato.id',
      sortorder: 'asc',
    }),
  });
  const page = (await res.json()) as { registros?: Array<{ status: string; status_internet: string }> };
  return page.registros?.[0];
}

type State = 'active' | 'inactive' | 'blocked';

/** The replaced tool's mapping (integrations.md §10). */
function desired(contract: { status: string; status_internet: string }): State {
  if (['CA', 'CM', 'FA', 'AA'].includes(contract.status_internet)) return 'blocked';
  if (contract.status_internet === 'D') return 'inactive';
  if (contract.status_internet === 'A') return 'active';
  return contract.status === 'P' || contract.status === 'A' ? 'active' : 'inactive';
}

function current(active: number): State | undefined {
  if (active === 1) return 'active';
  if (active === 0) return 'inactive';
  if ([2, 3, 4].includes(active)) return 'blocked';
  return undefined;
}

/** What it wrote: 4 to block, 0 to disable, 1 to unblock or enable; inactive → blocked had no answer. */
function write(from: State, to: State): number | undefined {
  if (from === to || (from === 'inactive' && to === 'blocked')) return undefined;
  return to === 'blocked' ? 4 : to === 'inactive' ? 0 : 1;
}

interface BaselineResult {
  usersTotal: number;
  usersListed: number;
  checked: number;
  listSeconds: number;
  checkSeconds: number;
  writes: number;
}

/** The reference strategy on the first `sample` users with a contract (all of them when `full`). */
async function baseline(simBase: string, sample: number, full: boolean): Promise<BaselineResult> {
  const magnus = new MagnusWire(`${simBase}/magnus/mbilling`);
  const listStarted = performance.now();
  const linked: Array<{ id: number; active: number; contract: string }> = [];
  let usersTotal = 0;
  let usersListed = 0;
  for (let page = 1; ; page++) {
    const res = await magnus.page(page);
    usersTotal = Number(res.count);
    const rows = res.rows || [];
    usersListed += rows.length;
    for (const row of rows) {
      const contract = String(row.dist ?? '').trim();
      if (contract !== '') linked.push({ id: Number(row.id), active: Number(row.active), contract });
    }
    if (rows.length < 25 || usersListed >= usersTotal) break;
    if (!full && linked.length >= sample) break;
  }
  const listSeconds = (performance.now() - listStarted) / 1000;
  const checkedUsers = full ? linked : linked.slice(0, sample);

  const checkStarted = performance.now();
  let writes = 0;
  const ixcBase = `${simBase}/ixc/webservice/v1`;
  for (const user of checkedUsers) {
    const contract = await ixcContract(ixcBase, user.contract);
    const from = current(user.active);
    if (!contract || !from) continue;
    const value = write(from, desired(contract));
    if (value === undefined) continue;
    await magnus.save(user.id, value);
    writes++;
  }
  const checkSeconds = (performance.now() - checkStarted) / 1000;
  return { usersTotal, usersListed, checked: checkedUsers.length, listSeconds, checkSeconds, writes };
}

// ---------------------------------------------------------------------------------------------------------
// The benchmark.

async function requestCounts(ixc: SimulatorControl, magnus: SimulatorControl) {
  const [i, m, md] = await Promise.all([ixc.requests(), magnus.requests(), magnus.data<MagnusData>()]);
  return { ixc: i.count, magnus: m.count, magnusByAction: md.requestCounts };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const options = parseArgs(args);
  await ensureTemplateDatabase();
  const simPort = await freePort();
  const appPort = await freePort();
  const database = await createTestDatabase();
  const namespace = `bench.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const processes: RunningProcess[] = [];
  const stop = async (p: RunningProcess) => {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    await p.exited;
  };
  try {
    console.error(
      `simulators: IXC ${JSON.stringify(IXC)}, Magnus ${JSON.stringify({ ...MAGNUS, ixc: '…' })}`,
    );
    const sim = runScript(
      'bench/enforcement.bench.ts',
      ['--serve-simulators', String(simPort)],
      cleanEnv({}),
    );
    processes.push(sim);
    await eventually(() => sim.stdout().includes('Simulators listening'), {
      timeoutMs: 180_000,
      intervalMs: 200,
      description: `the simulators to start (${sim.stderr().slice(-500)})`,
    });
    const simBase = `http://127.0.0.1:${simPort}`;
    const ixc = new SimulatorControl(`${simBase}/ixc/__control`);
    const magnus = new SimulatorControl(`${simBase}/magnus/__control`);
    const latency = () =>
      Promise.all([ixc.setFaults({ latencyMs: LATENCY_MS }), magnus.setFaults({ latencyMs: LATENCY_MS })]);
    await latency();

    const env = cleanEnv({
      DATABASE_URL: database.url,
      PORT: String(appPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      REGUA_MODE: 'demo',
      DEMO_SIMULATORS_URL: simBase,
      SIMULATORS_SEED: String(SEED),
      AMQP_URL: TEST_AMQP_URL,
      AMQP_NAMESPACE: namespace,
      // Nothing scheduled may touch IXC or Magnus while the run is measured.
      ENFORCEMENT_CRON: NEVER,
      IXC_INCREMENTAL_CRON: NEVER,
      IXC_FULL_CRON: NEVER,
      IXC_AUTOMATION_CRON: NEVER,
      // The heap limit `npm start` and the Docker image use.
      NODE_OPTIONS: process.env.APP_NODE_OPTIONS ?? '--max-old-space-size=256',
    });
    const admin = await runToEnd(
      'src/cli/main.ts',
      ['create-admin', '--email', ADMIN.email, '--password', ADMIN.password, '--tenant', 'demo'],
      env,
    );
    if (admin.code !== 0) throw new Error(`create-admin failed: ${admin.stderr}`);
    const base = `http://127.0.0.1:${appPort}`;
    const startApp = async () => {
      const started = runScript('src/main.ts', [], env);
      processes.push(started);
      await waitReady(base, 120_000);
      const token = await login(base, ADMIN.email, ADMIN.password, 'demo');
      const api = <T>(method: string, path: string, body?: unknown) =>
        call<T>(base, method, path, { token, body });
      return { process: started, api };
    };
    let app = await startApp();

    // A fresh tenant gets a first IXC sync and a first-look dry run: let both finish before measuring.
    console.error('waiting for the first IXC sync and the first-look dry run…');
    const firstLook = await eventually(
      async () => {
        const runs = (await app.api<{ items: Run[] }>('GET', '/api/v1/enforcement/runs')).body.items;
        const syncs = (await app.api<{ items: Array<{ status: string }> }>('GET', '/api/v1/ixc/sync/runs'))
          .body.items;
        const idle = [...runs, ...syncs].every((r) => r.status !== 'running');
        return runs.length > 0 && syncs.length > 0 && idle && runs[0];
      },
      { timeoutMs: 180_000, intervalMs: 250, description: 'the first IXC sync and the first-look dry run' },
    );
    console.error(
      `first look: ${firstLook.status}, ${firstLook.accounts} accounts, ${JSON.stringify(firstLook.counts)}, ` +
        `${(firstLook.durationMs / 1000).toFixed(1)} s`,
    );

    if (options.limits) {
      // Régua keeps each tenant's IXC and Magnus clients for a minute and the demo environment rewrites the
      // demo tenant's settings on every start: restart, then set the limits before anything reads them.
      await stop(app.process);
      app = await startApp();
      const current = await app.api<{ items: Array<{ system: string; settings: Record<string, unknown> }> }>(
        'GET',
        '/api/v1/admin/integrations',
      );
      for (const system of ['ixc', 'magnus'] as const) {
        const settings = current.body.items.find((i) => i.system === system)?.settings ?? {};
        const res = await app.api('PUT', `/api/v1/admin/integrations/${system}`, {
          settings: { ...settings, ...options.limits[system] },
        });
        if (res.status !== 200) throw new Error(`setting ${system} limits failed: ${res.status} ${res.text}`);
      }
      console.error(`demo tenant's client limits (dedicated servers): ${JSON.stringify(options.limits)}`);
    }
    const { api } = app;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await Promise.all([ixc.resetRequests(), magnus.resetRequests()]);
    const before = await requestCounts(ixc, magnus);

    console.error('measured run…');
    const started = performance.now();
    const startRes = await api<{ id: string }>('POST', '/api/v1/enforcement/runs', { dryRun: false });
    if (startRes.status !== 202) throw new Error(`run did not start: ${startRes.status} ${startRes.text}`);
    const accepted = (performance.now() - started) / 1000;
    // When each phase was first seen (listing, reading_contracts, deciding, applying…), for the log.
    const phases: string[] = [];
    const measured = await eventually(
      async () => {
        // The run list (newest first), not the run itself: that one also counts the run's 18,000 actions.
        const r = await api<{ items: Run[] }>('GET', '/api/v1/enforcement/runs?limit=1');
        const run = r.body.items[0];
        if (run?.id !== startRes.body.id) throw new Error('another run is newer than the measured one');
        if (!phases.some((p) => p.startsWith(`${run.phase} `))) {
          phases.push(`${run.phase} ${((performance.now() - started) / 1000).toFixed(1)}s`);
        }
        return run.status !== 'running' && run;
      },
      { timeoutMs: 600_000, intervalMs: 50, description: 'the measured run' },
    );
    const runSeconds = (performance.now() - started) / 1000;
    const after = await requestCounts(ixc, magnus);
    if (measured.status !== 'completed') {
      throw new Error(`the run ended ${measured.status}: ${measured.heldReason ?? measured.error ?? ''}`);
    }
    const ixcRequests = after.ixc - before.ixc;
    const magnusRequests = after.magnus - before.magnus;
    const magnusByAction = Object.fromEntries(
      Object.entries(after.magnusByAction).map(([k, v]) => [k, v - (before.magnusByAction[k] ?? 0)]),
    );
    console.error(
      `run: ${runSeconds.toFixed(2)} s (${measured.durationMs} ms by the app), ${measured.usersListed} users, ` +
        `${measured.accounts} accounts, ${JSON.stringify(measured.counts)}, applied ${measured.applied}, ` +
        `failed ${measured.failed}; IXC ${ixcRequests} requests, Magnus ${magnusRequests} ${JSON.stringify(magnusByAction)}`,
    );
    console.error(`202 after ${accepted.toFixed(2)} s; phases first seen at: ${phases.join(', ')}`);
    if (measured.failed > 0) throw new Error(`${measured.failed} actions failed`);

    // Spot check: the applied actions' users hold the written value in Magnus.
    const applied = (
      await api<RunDetail>('GET', `/api/v1/enforcement/runs/${measured.id}?outcome=applied&limit=100`)
    ).body.actions;
    const rows = await new MagnusWire(`${simBase}/magnus/mbilling`).byIds(
      applied.items.map((a) => a.magnusUserId),
    );
    const activeOf = new Map(rows.map((r) => [Number(r.id), Number(r.active)]));
    const wrong = applied.items.filter((a) => activeOf.get(a.magnusUserId) !== a.toValue);
    if (applied.items.length === 0 || wrong.length > 0) {
      throw new Error(`spot check: ${wrong.length} of ${applied.items.length} applied actions not in Magnus`);
    }
    console.error(`spot check: ${applied.items.length} of ${applied.total} applied actions hold in Magnus`);
    const actionable = Object.entries(measured.counts)
      .filter(([action]) => action !== 'no_change')
      .reduce((sum, [, n]) => sum + n, 0);

    let reference: Record<string, number> = {};
    let targets: Record<string, string> = { ixc_requests_per_100_users: '<= 1', run_s: '< 20' };
    if (!options.skipBaseline) {
      // Régua is stopped so the reference has the machine to itself; Magnus goes back to its seeded
      // state (the same drift the measured run found), with its latency.
      await stop(app.process);
      await magnus.reset();
      await latency();
      await Promise.all([ixc.resetRequests(), magnus.resetRequests()]);
      console.error(
        `reference (one IXC lookup per user, one at a time): ${options.baselineFull ? 'every' : `the first ${options.baselineUsers}`} linked users…`,
      );
      const b = await baseline(simBase, options.baselineUsers, options.baselineFull);
      const counts = await requestCounts(ixc, magnus);
      const linkedTotal = measured.accounts;
      const seconds =
        b.listSeconds * (b.usersTotal / b.usersListed) + b.checkSeconds * (linkedTotal / b.checked);
      console.error(
        `reference: listed ${b.usersListed} of ${b.usersTotal} users in ${b.listSeconds.toFixed(1)} s, ` +
          `checked ${b.checked} linked users in ${b.checkSeconds.toFixed(1)} s (${b.writes} writes); ` +
          `IXC ${counts.ixc}, Magnus ${counts.magnus} requests; extrapolated to ${b.usersTotal} users / ` +
          `${linkedTotal} linked: ${seconds.toFixed(0)} s`,
      );
      reference = {
        baseline_run_s: Number(seconds.toFixed(1)),
        baseline_measured_users: b.checked,
        baseline_ixc_requests: Math.round(counts.ixc * (linkedTotal / b.checked)),
        speedup: Number((seconds / runSeconds).toFixed(1)),
      };
      targets = { speedup: '>= 50', ...targets };
    }

    return {
      name: 'enforcement',
      figures: {
        users: measured.usersListed,
        accounts: measured.accounts,
        actions: measured.applied,
        actions_planned: actionable,
        run_s: Number(runSeconds.toFixed(2)),
        ixc_requests: ixcRequests,
        magnus_requests: magnusRequests,
        ixc_requests_per_100_users: Number(((ixcRequests / measured.usersListed) * 100).toFixed(2)),
        ...reference,
        latency_ms: LATENCY_MS,
        ...(options.limits
          ? {
              ixc_concurrency: options.limits.ixc.concurrency,
              ixc_requests_per_s: options.limits.ixc.requestsPerSecond,
              magnus_concurrency: options.limits.magnus.concurrency,
              magnus_requests_per_s: options.limits.magnus.requestsPerSecond,
            }
          : {}),
      },
      targets,
    };
  } finally {
    for (const p of processes.reverse()) await stop(p);
    await database.drop();
    await deleteNamespace(namespace).catch((error: unknown) =>
      console.error(`could not delete the RabbitMQ names of ${namespace}:`, error),
    );
  }
}

if (require.main === module && process.argv[2] === '--serve-simulators') {
  serveSimulators(Number(process.argv[3])).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
