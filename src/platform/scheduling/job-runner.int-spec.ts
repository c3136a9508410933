import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { eventually } from '../../../test/support/eventually';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { JobLeases } from './job-leases';
import { JobRunner } from './job-runner';

/** Two scheduler processes = two application instances sharing one database. */
describe('JobRunner leases (two schedulers, one Postgres)', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ROLE: 'scheduler', REGUA_MODE: 'demo' };
    [a, b] = await Promise.all([startTestApp({ env, database }), startTestApp({ env, database })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  const runner = (app: TestApp) => app.app.get(JobRunner);
  const query = <T>(sql: string, params: unknown[] = []) =>
    a.app.get(JobLeases)['dataSource'].query(sql, params) as Promise<T[]>;

  it('never runs the same job in two schedulers at the same time', async () => {
    let running = 0;
    let maxConcurrent = 0;
    let executions = 0;
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const work = async () => {
      running += 1;
      executions += 1;
      maxConcurrent = Math.max(maxConcurrent, running);
      await blocker;
      running -= 1;
    };
    let settled = 0;
    const calls = Array.from({ length: 6 }, (_, i) =>
      runner(i % 2 === 0 ? a : b)
        .runExclusive('test.exclusive', work)
        .finally(() => (settled += 1)),
    );
    // The five other calls are answered while the one that got the lease is still running.
    try {
      await eventually(() => settled === 5, { description: 'five calls refused while the job runs' });
      expect(running).toBe(1);
    } finally {
      release();
    }
    const outcomes = await Promise.all(calls);
    expect(executions).toBe(1);
    expect(maxConcurrent).toBe(1);
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    expect(
      outcomes
        .filter((o) => !o.ran)
        .map((o) => (o.ran ? '' : o.reason))
        .sort(),
    ).toEqual(expect.arrayContaining(['lease_held']));
  });

  it('releases the lease when the job ends, so the next tick (in any scheduler) runs it', async () => {
    const first = await runner(a).runExclusive('test.sequential', async () => undefined);
    const second = await runner(b).runExclusive('test.sequential', async () => undefined);
    expect(first.ran && second.ran).toBe(true);
    const runs = await query<{ holder: string; outcome: string }>(
      `SELECT holder, outcome FROM platform.job_runs WHERE job_name = 'test.sequential' ORDER BY id`,
    );
    expect(runs).toEqual([
      { holder: runner(a).holder, outcome: 'completed' },
      { holder: runner(b).holder, outcome: 'completed' },
    ]);
  });

  it('records a failing job as failed and frees the lease', async () => {
    const outcome = await runner(a).runExclusive('test.failing', async () => {
      throw new Error('boom');
    });
    expect(outcome).toMatchObject({ ran: true, outcome: 'failed' });
    const [run] = await query<{ outcome: string; error: string }>(
      `SELECT outcome, error FROM platform.job_runs WHERE job_name = 'test.failing'`,
    );
    expect(run).toEqual({ outcome: 'failed', error: 'boom' });
    expect(await runner(b).runExclusive('test.failing', async () => undefined)).toMatchObject({ ran: true });
  });

  it('takes over a lease whose holder died once it expires, not before', async () => {
    const leases = a.app.get(JobLeases);
    expect(await leases.tryAcquire('test.crashed', 'dead-host:1:abc', 400)).toBe(true);
    expect(await runner(b).runExclusive('test.crashed', async () => undefined)).toEqual({
      ran: false,
      reason: 'lease_held',
    });
    await eventually(async () => (await runner(b).runExclusive('test.crashed', async () => undefined)).ran, {
      timeoutMs: 5000,
      description: 'the expired lease to be taken over',
    });
  });

  it('keeps the lease alive while a long job runs past its TTL', async () => {
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    // A TTL well above event-loop stalls on a loaded CI machine; renewal happens every third of it.
    const long = runner(a).runExclusive('test.long', () => blocker, { ttlMs: 1500 });
    // Polls the database clock (which times leases) until the lease has outlived two TTLs.
    await eventually(
      async () => {
        const [lease] = await query<{ outlived: boolean }>(
          `SELECT now() > acquired_at + interval '3000 milliseconds' AS outlived
             FROM platform.job_leases WHERE job_name = 'test.long'`,
        );
        return lease?.outlived;
      },
      { timeoutMs: 15_000, intervalMs: 250, description: 'the lease to outlive two TTLs' },
    );
    expect(await runner(b).runExclusive('test.long', async () => undefined)).toEqual({
      ran: false,
      reason: 'lease_held',
    });
    release();
    expect(await long).toMatchObject({ ran: true, outcome: 'completed' });
  });

  it('lets a running job finish when its process shuts down, and takes no new work meanwhile', async () => {
    const c = await startTestApp({ env: { ROLE: 'scheduler' }, database });
    const logged = jest.spyOn(runner(c)['logger'], 'log');
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    const job = runner(c).runExclusive('test.draining', async () => {
      await blocker;
      // Still connected: the database closes only after the job ended.
      await c.app.get(JobLeases)['dataSource'].query('SELECT 1');
      finished = true;
    });
    await eventually(
      async () =>
        (await query(`SELECT 1 FROM platform.job_leases WHERE job_name = 'test.draining'`)).length === 1,
      {
        description: 'the job to start',
      },
    );
    const closing = c.close();
    expect(await runner(c).runExclusive('test.other', async () => undefined)).toEqual({
      ran: false,
      reason: 'shutting_down',
    });
    // The job ends only once the shutdown is waiting for it: a close that did not wait would finish first.
    try {
      await eventually(
        () => logged.mock.calls.some((call) => call.includes('Waiting for running jobs to finish')),
        { description: 'the shutdown to wait for the running job' },
      );
      expect(finished).toBe(false);
    } finally {
      release();
    }
    await closing;
    expect(finished).toBe(true);
    expect(await job).toMatchObject({ ran: true, outcome: 'completed' });
  });

  it('keeps no run row for a run that found nothing to do, but beats the job heartbeat', async () => {
    const idle = await runner(a).runExclusive('test.idle', async () => 'idle', { everyMs: 2000 });
    const busy = await runner(a).runExclusive('test.idle', async () => undefined, { everyMs: 2000 });
    expect([idle, busy]).toEqual([
      { ran: true, outcome: 'completed' },
      { ran: true, outcome: 'completed' },
    ]);
    expect(await query(`SELECT 1 FROM platform.job_runs WHERE job_name = 'test.idle'`)).toHaveLength(1);
    const [beat] = await query<{ interval_seconds: number; last_outcome: string; last_holder: string }>(
      `SELECT interval_seconds, last_outcome, last_holder FROM platform.job_heartbeats WHERE job_name = 'test.idle'`,
    );
    expect(beat).toEqual({ interval_seconds: 2, last_outcome: 'completed', last_holder: runner(a).holder });
  });

  it('writes no run row for the 2-second contract recheck while the queue is empty', async () => {
    await eventually(
      async () =>
        (
          await query(
            `SELECT 1 FROM platform.job_heartbeats WHERE job_name = 'telephony-enforcement.rechecks' AND last_run_at IS NOT NULL`,
          )
        ).length === 1,
      { description: 'the recheck job to have run' },
    );
    expect(
      await query(`SELECT 1 FROM platform.job_runs WHERE job_name = 'telephony-enforcement.rechecks'`),
    ).toEqual([]);
  });

  it('records an idle run that failed', async () => {
    await runner(a).runExclusive('test.idle-failing', async () => {
      throw new Error('nothing to do, and it broke');
    });
    expect(await query(`SELECT outcome FROM platform.job_runs WHERE job_name = 'test.idle-failing'`)).toEqual(
      [{ outcome: 'failed' }],
    );
  });

  it('publishes from the database when each job last ran, in every process, even one that never ran it', async () => {
    const before = Date.now() / 1000;
    await runner(a).runExclusive('test.heartbeat', async () => 'idle', { everyMs: 5000 });
    const text = await (await fetch(`${b.url}/metrics`)).text();
    const last = /regua_scheduler_job_last_run_timestamp_seconds\{task="test.heartbeat"\} ([\d.e+]+)/.exec(
      text,
    );
    expect(Number(last?.[1])).toBeGreaterThanOrEqual(Math.floor(before) - 5);
    expect(text).toMatch(/regua_scheduler_job_interval_seconds\{task="test.heartbeat"\} 5\n/);
  });

  it('announces cron jobs with their interval when a scheduler arms them', async () => {
    const text = await (await fetch(`${a.url}/metrics`)).text();
    expect(text).toMatch(/regua_scheduler_job_interval_seconds\{task="telephony-enforcement.run"\} 3600\n/);
    expect(text).toMatch(
      /regua_scheduler_job_last_run_timestamp_seconds\{task="telephony-enforcement.run"\} \d/,
    );
    expect(text).toMatch(
      /regua_scheduler_job_runs_total\{task="telephony-enforcement.run",outcome="failed"\} 0\n/,
    );
  });

  it('measures job durations in buckets that reach minutes (runs take minutes at scale)', async () => {
    const text = await (await fetch(`${a.url}/metrics`)).text();
    for (const le of ['30', '60', '120', '300', '600']) {
      expect(text).toContain(
        `regua_scheduler_job_duration_seconds_bucket{le="${le}",task="test.sequential"}`,
      );
    }
  });

  it('counts runs by outcome in the metrics', async () => {
    const text = await (await fetch(`${b.url}/metrics`)).text();
    expect(text).toMatch(
      /regua_scheduler_job_runs_total\{task="test.exclusive",outcome="lease_held"\} [1-9]/,
    );
    expect(text).toMatch(/regua_scheduler_job_runs_total\{task="test.failing",outcome="completed"\} 1/);
  });
});
