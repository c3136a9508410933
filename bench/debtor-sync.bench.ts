/**
 * debtor-sync at scale. The clinic simulator (own process) holds 5 clinics, 50,000 patients (one contract
 * each) and 200,000 installments behind 20 ms of latency per request; Régua runs compiled, as its own
 * process, against local Postgres. Measures the full (initial) sync of the 5 clinics (rows/s, the app's peak RSS from /proc
 * VmHWM), then, in the same run and database, a plain COPY of the same rows into the same tables (under
 * other tenant ids, three times, the median as the ceiling), and a re-sync after 1% of the installments changed.
 * Targets: full-sync rows/s ≥ 40% of COPY's; re-sync < 5 s; peak RSS < 400 MB.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { call, login } from '../test/support/access-client';
import { cleanEnv, freePort, runToEnd, waitReady, type RunningProcess } from '../test/support/app-process';
import { createTestDatabase } from '../test/support/database';
import { eventually } from '../test/support/eventually';
import { ensureTemplateDatabase } from '../test/support/template-database';
import { buildApp, runBuiltApp } from './support/built-app';
import { cpuBetween, cpuReading, cpuSeconds } from './support/process-cpu';
import { startSimulatorProcess } from './support/simulator-process';

interface Counts {
  read: number;
  inserted: number;
  updated: number;
}
interface Run {
  id: string;
  status: string;
  error: string | null;
  counts: { patients: Counts; contracts: Counts; installments: Counts; events: number };
}

const ADMIN = { email: 'bench@demo.regua.local', password: 'benchmark password 1' };
const NEVER = '0 0 1 1 *';
const TABLES = ['patients', 'contracts', 'installments'] as const;

function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
}

/** Polls the run ledger with one request (one per run would put the poller's own load on the app). */
async function finished(base: string, token: string, ids: string[]): Promise<Run[]> {
  return eventually(
    async () => {
      const { items } = (
        await call<{ items: Run[] }>(base, 'GET', `/api/v1/debtors/sync/runs?limit=${ids.length}`, { token })
      ).body;
      const runs = ids.map((id) => items.find((r) => r.id === id));
      return runs.every((r) => r !== undefined && r.status !== 'running') && (runs as Run[]);
    },
    { timeoutMs: 900_000, intervalMs: 100, description: 'the sync runs' },
  );
}

const rowsOf = (runs: Run[]) =>
  runs.reduce((sum, r) => sum + TABLES.reduce((s, t) => s + r.counts[t].read, 0), 0);

/**
 * The mirrored rows of one tenant as COPY text (untimed), then COPY'd back under a new tenant (timed),
 * three times (a new tenant each): one COPY's time moves by half from run to run on this box, so the
 * median is the ceiling compared against, and all three are reported.
 */
async function plainCopy(db: Client, tenantId: string): Promise<{ rows: number; seconds: number[] }> {
  const copyTenant = '00000000-0000-4000-8000-000000000000';
  const buffers = new Map<string, Buffer>();
  let rows = 0;
  for (const table of TABLES) {
    const columns = (
      await db.query<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns
          WHERE table_schema = 'debtor_sync' AND table_name = $1 AND column_name <> 'tenant_id' ORDER BY ordinal_position`,
        [table],
      )
    ).rows.map((r) => r.name);
    const chunks: Buffer[] = [];
    const stream = db.query(
      copyTo(
        `COPY (SELECT '${copyTenant}'::uuid, ${columns.join(', ')} FROM debtor_sync.${table}
                WHERE tenant_id = '${tenantId}') TO STDOUT`,
      ),
    );
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    buffers.set(`${table}|${columns.join(', ')}`, Buffer.concat(chunks));
    rows += (
      await db.query(`SELECT count(*)::int AS n FROM debtor_sync.${table} WHERE tenant_id = $1`, [tenantId])
    ).rows[0].n as number;
  }
  const seconds: number[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    // the placeholder tenant in the COPY text, replaced by a fresh one each time (same length)
    const tenant = randomUUID();
    const prepared = [...buffers].map(
      ([key, buffer]) => [key, withTenant(buffer, copyTenant, tenant)] as const,
    );
    const started = performance.now();
    for (const [key, buffer] of prepared) {
      const [table, columns] = key.split('|') as [string, string];
      const sink = db.query(copyFrom(`COPY debtor_sync.${table} (tenant_id, ${columns}) FROM STDIN`));
      await new Promise<void>((resolve, reject) => {
        sink.on('finish', resolve);
        sink.on('error', reject);
        sink.end(buffer);
      });
    }
    seconds.push((performance.now() - started) / 1000);
  }
  return { rows, seconds };
}

/** `buffer` with the placeholder tenant replaced by `tenant` (made before the attempt's clock starts). */
function withTenant(buffer: Buffer, placeholder: string, tenant: string): Buffer {
  return Buffer.from(buffer.toString('latin1').replaceAll(placeholder, tenant), 'latin1');
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const scale = Number(args[0] ?? 1);
  const size = { clinics: 5, patients: 50_000 * scale, installments: 200_000 * scale };
  await ensureTemplateDatabase();
  const appPort = await freePort();
  const database = await createTestDatabase();
  const processes: RunningProcess[] = [];
  const db = new Client({ connectionString: database.url });
  try {
    await buildApp();
    const sim = await startSimulatorProcess('clinic', size, { latencyMs: 20 });
    processes.push(sim.process);
    const clinic = sim.control;

    const env = cleanEnv({
      DATABASE_URL: database.url,
      PORT: String(appPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      REGUA_MODE: 'demo',
      DEMO_SIMULATORS_URL: sim.url,
      DEMO_CLINIC_COVERAGE: 'false',
      OUTBOX_RELAY_ENABLED: 'false',
      IXC_INCREMENTAL_CRON: NEVER,
      IXC_FULL_CRON: NEVER,
      IXC_AUTOMATION_CRON: NEVER,
      DEBTOR_SYNC_CRON: NEVER,
      // The other contexts' schedules would share the app's one thread with the sync being measured.
      ENFORCEMENT_CRON: NEVER,
      ESCALATION_CRON: NEVER,
      ESCALATION_CRM_CRON: NEVER,
      ESCALATION_ALERTS_CRON: NEVER,
      CLINIC_PAGE_SIZE: process.env.CLINIC_PAGE_SIZE ?? '1000',
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
    await db.connect();
    const tenantId = (
      await db.query<{ id: string }>(`SELECT id::text AS id FROM access.tenants WHERE slug = 'demo'`)
    ).rows[0]!.id;
    // The simulated API has no rate limit to respect: the tenant's client may go as fast as 5 clinics need.
    await db.query(
      `UPDATE access.tenants SET integrations = jsonb_set(integrations, '{clinic}',
         integrations->'clinic' || '{"requestsPerSecond": 500, "concurrency": 8}') WHERE id = $1`,
      [tenantId],
    );
    const pid = app.child.pid as number;

    const simPid = sim.process.child.pid as number;
    const dbName = new URL(database.url).pathname.slice(1);
    const cpu = () => ({ reading: cpuReading(pid, dbName), sim: cpuSeconds(simPid) });
    console.error('full sync of 5 clinics…');
    const cpuBefore = cpu();
    const started = performance.now();
    const runIds: string[] = [];
    for (let id = 1001; id < 1001 + size.clinics; id++) {
      const res = await call<{ run: { id: string } }>(base, 'POST', '/api/v1/debtors/clinics', {
        token,
        body: { externalId: String(id) },
      });
      if (res.status !== 201) throw new Error(`coverage failed: ${res.status} ${res.text}`);
      runIds.push(res.body.run.id);
    }
    const full = await finished(base, token, runIds);
    const fullSeconds = (performance.now() - started) / 1000;
    const failed = full.filter((r) => r.status !== 'completed');
    if (failed.length > 0) throw new Error(`full sync failed: ${failed.map((r) => r.error).join('; ')}`);
    const fullCpu = cpu();
    const rows = rowsOf(full);
    const peak = peakRssMb(pid);
    const events = full.reduce((sum, r) => sum + r.counts.events, 0);
    console.error(
      `full sync: ${fullSeconds.toFixed(1)} s, ${rows} rows, ${events} events; app peak RSS ${peak} MB`,
    );

    const copy = await plainCopy(db, tenantId);
    const copySeconds = [...copy.seconds].sort((a, b) => a - b)[1]!;
    console.error(
      `plain COPY of ${copy.rows} rows, three times: ${copy.seconds.map((x) => x.toFixed(2)).join(' / ')} s`,
    );

    const cpuResync = cpu();
    const { changed } = await clinic.modify<{ changed: number }>({
      action: 'mutateFraction',
      fraction: 0.01,
    });
    const resyncStarted = performance.now();
    const started2 = await call<Array<{ id: string }>>(base, 'POST', '/api/v1/debtors/sync', {
      token,
      body: {},
    });
    if (started2.status !== 202)
      throw new Error(`re-sync did not start: ${started2.status} ${started2.text}`);
    const resync = await finished(
      base,
      token,
      started2.body.map((r) => r.id),
    );
    const resyncSeconds = (performance.now() - resyncStarted) / 1000;
    const resyncCpu = cpu();
    const updated = resync.reduce((sum, r) => sum + r.counts.installments.updated, 0);
    console.error(
      `re-sync after ${changed} changes: ${resyncSeconds.toFixed(2)} s, ${updated} installments updated`,
    );
    const fullUse = cpuBetween(cpuBefore.reading, fullCpu.reading);
    const resyncUse = cpuBetween(cpuResync.reading, resyncCpu.reading);
    const rowsPerS = Math.round(rows / fullSeconds);
    const copyRowsPerS = Math.round(copy.rows / copySeconds);
    return {
      name: 'debtor-sync',
      figures: {
        clinics: size.clinics,
        patients: size.patients,
        installments: size.installments,
        full_sync_s: Number(fullSeconds.toFixed(2)),
        rows_per_s: rowsPerS,
        copy_rows_per_s: copyRowsPerS,
        // each of the three COPYs (the median above is the one compared against)
        copy_rows_per_s_each: copy.seconds.map((x) => Math.round(copy.rows / x)).join(' / '),
        rows_per_s_vs_copy: Number((rowsPerS / copyRowsPerS).toFixed(3)),
        full_sync_events: events,
        resync_changed: changed,
        resync_installments_updated: updated,
        resync_s: Number(resyncSeconds.toFixed(2)),
        peak_rss_mb: peakRssMb(pid),
        // Where the time goes on this machine: CPU seconds of the app, the simulator and Postgres in each phase.
        full_sync_app_cpu_s: Number(fullUse.app.toFixed(1)),
        full_sync_simulator_cpu_s: Number((fullCpu.sim - cpuBefore.sim).toFixed(1)),
        resync_app_cpu_s: Number(resyncUse.app.toFixed(1)),
        resync_simulator_cpu_s: Number((resyncCpu.sim - cpuResync.sim).toFixed(1)),
        full_sync_postgres_cpu_s: Number(fullUse.pg.toFixed(1)),
        resync_postgres_cpu_s: Number(resyncUse.pg.toFixed(1)),
        load_average_1m: Number(loadavg()[0]!.toFixed(1)),
      },
      targets: { rows_per_s_vs_copy: '>= 0.4', resync_s: '< 5', peak_rss_mb: '< 400' },
    };
  } finally {
    await db.end().catch(() => undefined);
    for (const p of processes.reverse()) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
    await database.drop();
  }
}
