/**
 * sync-ixc at scale. The IXC simulator (own process) holds 50,000 customers, 60,000 contracts and
 * 500,000 receivables behind 20 ms of latency per request; Régua runs compiled, as its own process (as in
 * production) against local Postgres. Measures a full sync (time, rows/s, the app's peak RSS from
 * /proc VmHWM), an incremental sync after 1% of rows changed, and GET /api/v1/billing/open p95 under
 * 20 concurrent clients. Targets: full < 60 s with peak RSS < 400 MB; incremental < 5 s; p95 < 50 ms.
 */
import { readFileSync } from 'node:fs';
import { call, login } from '../test/support/access-client';
import { cleanEnv, freePort, runToEnd, waitReady, type RunningProcess } from '../test/support/app-process';
import { createTestDatabase } from '../test/support/database';
import { eventually } from '../test/support/eventually';
import { ensureTemplateDatabase } from '../test/support/template-database';
import { buildApp, runBuiltApp } from './support/built-app';
import { startSimulatorProcess } from './support/simulator-process';

interface Run {
  id: string;
  mode: string;
  status: string;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  progress: Record<string, { read: number }>;
}

/**
 * The first full sync, which the app starts by itself for a tenant that has never synced (a request
 * for another would be refused while it runs): timed by the run's own start and finish.
 */
async function firstSync(base: string, token: string): Promise<{ seconds: number; run: Run }> {
  const run = await eventually(
    async () => {
      const page = await call<{ items: Run[] }>(base, 'GET', '/api/v1/ixc/sync/runs?limit=5', { token });
      const first = page.body.items?.at(-1);
      return first && first.status !== 'running' && first;
    },
    { timeoutMs: 600_000, intervalMs: 100, description: 'the first full sync' },
  );
  if (run.status !== 'completed') throw new Error(`first sync failed: ${run.error}`);
  const seconds = (Date.parse(run.finishedAt!) - Date.parse(run.startedAt)) / 1000;
  return { seconds, run };
}

const ADMIN = { email: 'bench@demo.regua.local', password: 'benchmark password 1' };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Peak resident set size of a process so far (Linux). */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
}

async function timedSync(
  base: string,
  token: string,
  mode: 'full' | 'incremental',
): Promise<{ seconds: number; run: Run }> {
  const started = Date.now();
  const res = await call<Run>(base, 'POST', '/api/v1/ixc/sync', { token, body: { mode } });
  if (res.status !== 202) throw new Error(`sync did not start: ${res.status} ${res.text}`);
  const run = await eventually(
    async () => {
      const r = await call<Run>(base, 'GET', `/api/v1/ixc/sync/runs/${res.body.id}`, { token });
      return r.body.status !== 'running' && r.body;
    },
    { timeoutMs: 600_000, intervalMs: 100, description: `the ${mode} sync` },
  );
  if (run.status !== 'completed') throw new Error(`${mode} sync failed: ${run.error}`);
  return { seconds: (Date.now() - started) / 1000, run };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const scale = Number(args[0] ?? 1);
  const size = { customers: 50_000 * scale, contracts: 60_000 * scale, receivables: 500_000 * scale };
  await ensureTemplateDatabase();
  const appPort = await freePort();
  const database = await createTestDatabase();
  const processes: RunningProcess[] = [];
  try {
    await buildApp();
    const sim = await startSimulatorProcess('ixc', size, { latencyMs: 20 });
    processes.push(sim.process);
    const ixc = sim.control;

    const env = cleanEnv({
      DATABASE_URL: database.url,
      PORT: String(appPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      REGUA_MODE: 'demo',
      DEMO_SIMULATORS_URL: sim.url,
      OUTBOX_RELAY_ENABLED: 'false',
      IXC_INCREMENTAL_CRON: '0 0 1 1 *',
      IXC_FULL_CRON: '0 0 1 1 *',
      IXC_AUTOMATION_CRON: '0 0 1 1 *',
      IXC_PAGE_SIZE: process.env.IXC_PAGE_SIZE ?? '5000',
      // The heap limit `npm start` and the Docker image use (V8 otherwise grows far past the live set).
      NODE_OPTIONS: process.env.APP_NODE_OPTIONS ?? '--max-old-space-size=256',
    });
    const admin = await runToEnd(
      'src/cli/main.ts',
      ['create-admin', '--email', ADMIN.email, '--password', ADMIN.password, '--tenant', 'demo'],
      env,
    );
    if (admin.code !== 0) throw new Error(`create-admin failed: ${admin.stderr}`);
    const app = runBuiltApp(env);
    processes.push(app);
    const base = `http://127.0.0.1:${appPort}`;
    await waitReady(base, 120_000);
    const token = await login(base, ADMIN.email, ADMIN.password, 'demo');
    const pid = app.child.pid as number;
    const rssBefore = peakRssMb(pid);

    console.error('full sync (the first, started by the app)…');
    const full = await firstSync(base, token);
    const rows = Object.values(full.run.progress).reduce((sum, p) => sum + (p?.read ?? 0), 0);
    const peak = peakRssMb(pid);
    console.error(
      `full sync: ${full.seconds.toFixed(1)} s, ${rows} rows; app peak RSS ${peak} MB (${rssBefore} MB before)`,
    );

    await ixc.modify({ action: 'mutateFraction', fraction: 0.01 });
    const incremental = await timedSync(base, token, 'incremental');
    console.error(
      `incremental sync: ${incremental.seconds.toFixed(2)} s`,
      JSON.stringify(incremental.run.progress),
    );

    // Steady state: one request per query shape first (the read model keeps answers a few seconds).
    for (const min of [0, 20]) {
      await fetch(`${base}/api/v1/billing/open?limit=50&minDaysOverdue=${min}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    }
    const sequential: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await (
        await fetch(`${base}/api/v1/billing/open?limit=50`, { headers: { authorization: `Bearer ${token}` } })
      ).arrayBuffer();
      sequential.push(performance.now() - t0);
    }
    console.error(`open billing, one client: median ${percentile(sequential, 50).toFixed(2)} ms`);
    const floor: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let i = 0; i < 25; i++) {
          const t0 = performance.now();
          await (await fetch(`${base}/healthz`)).arrayBuffer();
          floor.push(performance.now() - t0);
        }
      }),
    );
    console.error(`healthz under the same load: p95 ${percentile(floor, 95).toFixed(1)} ms`);
    const latencies: number[] = [];
    const client = async (n: number) => {
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        const res = await fetch(
          `${base}/api/v1/billing/open?limit=50&minDaysOverdue=${(n + i) % 3 === 0 ? 20 : 0}`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`open billing answered ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, n) => client(n)));
    const p95 = percentile(latencies, 95);
    console.error(`open billing p95: ${p95.toFixed(1)} ms over ${latencies.length} requests`);

    return {
      name: 'ixc-sync',
      figures: {
        customers: size.customers,
        contracts: size.contracts,
        receivables: size.receivables,
        full_sync_s: Number(full.seconds.toFixed(2)),
        rows_per_s: Math.round(rows / full.seconds),
        peak_rss_mb: peak,
        incremental_s: Number(incremental.seconds.toFixed(2)),
        open_billing_p95_ms: Number(p95.toFixed(1)),
        // The same 20-client load on /healthz: what the HTTP stack alone costs on this machine.
        healthz_p95_ms: Number(percentile(floor, 95).toFixed(1)),
      },
      targets: {
        full_sync_s: '< 60',
        peak_rss_mb: '< 400',
        incremental_s: '< 5',
        open_billing_p95_ms: '< 50',
      },
    };
  } finally {
    for (const p of processes.reverse()) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
    await database.drop();
  }
}
