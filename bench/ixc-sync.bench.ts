/**
 * sync-ixc at scale: the IXC simulator (own process) with 50,000 customers, 60,000 contracts and
 * 500,000 receivables behind 20 ms of latency per request. Measures a full sync (time, rows/s, peak
 * RSS of this process, which runs the app), an incremental sync after 1% of rows changed, and the
 * open-billing endpoint's p95 under 20 concurrent clients.
 * Targets: full < 60 s with peak RSS < 400 MB; incremental < 5 s; open billing p95 < 50 ms.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { IxcSync } from '../src/contexts/sync-ixc/application/sync/ixc-sync';
import { SimulatorControl } from '../src/simulators';
import { tenantAdmin } from '../test/support/access-client';
import { freePort } from '../test/support/app-process';
import { createTestDatabase } from '../test/support/database';
import { eventually } from '../test/support/eventually';
import { ensureTemplateDatabase } from '../test/support/template-database';
import { startTestApp } from '../test/support/test-app';

const ROOT = join(__dirname, '..');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function startSimulatorProcess(
  port: number,
  size: { customers: number; contracts: number; receivables: number },
) {
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'ts-node'),
    [
      '--swc',
      'src/cli/main.ts',
      'simulators',
      '--port',
      String(port),
      '--set',
      `ixc.customers=${size.customers}`,
      '--set',
      `ixc.contracts=${size.contracts}`,
      '--set',
      `ixc.receivables=${size.receivables}`,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await eventually(() => out.includes('Simulators listening'), {
    timeoutMs: 180_000,
    description: 'the simulators',
  });
  return child;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const scale = Number(args[0] ?? 1);
  const size = { customers: 50_000 * scale, contracts: 60_000 * scale, receivables: 500_000 * scale };
  await ensureTemplateDatabase();
  const port = await freePort();
  console.error(`starting the IXC simulator with ${JSON.stringify(size)}…`);
  const simulator = await startSimulatorProcess(port, size);
  const database = await createTestDatabase();
  const app = await startTestApp({
    database,
    env: {
      REGUA_MODE: 'demo',
      DEMO_SIMULATORS_URL: `http://127.0.0.1:${port}`,
      OUTBOX_RELAY_ENABLED: 'false',
      DB_POOL_SIZE: '10',
      IXC_PAGE_SIZE: '5000',
    },
  });
  try {
    const ixc = new SimulatorControl(`http://127.0.0.1:${port}/ixc/__control`);
    await ixc.setFaults({ latencyMs: 20 });
    const admin = await tenantAdmin(app, 'demo');
    const sync = app.app.get(IxcSync);
    const resources = ['cliente', 'cliente_contrato', 'fn_areceber'] as const;

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    console.error('full sync…');
    let started = Date.now();
    const full = await sync.runNow(admin.tenantId, 'full', [...resources], 'api');
    const fullSeconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    if (full.status !== 'completed') throw new Error(`full sync failed: ${full.error}`);
    const rows = Object.values(full.progress).reduce((sum, p) => sum + (p?.read ?? 0), 0);
    console.error(
      `full sync: ${fullSeconds.toFixed(1)} s, ${rows} rows, peak RSS ${(peakRss / 1e6).toFixed(0)} MB`,
    );

    await ixc.modify({ action: 'mutateFraction', fraction: 0.01 });
    started = Date.now();
    const incremental = await sync.runNow(admin.tenantId, 'incremental', [...resources], 'api');
    const incrementalSeconds = (Date.now() - started) / 1000;
    if (incremental.status !== 'completed') throw new Error(`incremental sync failed: ${incremental.error}`);
    console.error(`incremental sync: ${incrementalSeconds.toFixed(2)} s`);

    const latencies: number[] = [];
    const client = async () => {
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        const res = await fetch(
          `${app.url}/api/v1/billing/open?limit=50&minDaysOverdue=${i % 3 === 0 ? 20 : 0}`,
          {
            headers: { authorization: `Bearer ${admin.token}` },
          },
        );
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`open billing answered ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: 20 }, client));
    const p95 = percentile(latencies, 95);
    console.error(`open billing p95: ${p95.toFixed(1)} ms over ${latencies.length} requests`);

    return {
      name: 'ixc-sync',
      figures: {
        customers: size.customers,
        contracts: size.contracts,
        receivables: size.receivables,
        full_sync_s: Number(fullSeconds.toFixed(2)),
        rows_per_s: Math.round(rows / fullSeconds),
        peak_rss_mb: Math.round(peakRss / 1e6),
        incremental_s: Number(incrementalSeconds.toFixed(2)),
        open_billing_p95_ms: Number(p95.toFixed(1)),
      },
      targets: {
        full_sync_s: '< 60',
        peak_rss_mb: '< 400',
        incremental_s: '< 5',
        open_billing_p95_ms: '< 50',
      },
    };
  } finally {
    await app.close();
    await database.drop();
    simulator.kill('SIGTERM');
  }
}
