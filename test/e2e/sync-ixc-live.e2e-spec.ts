import { IXC_DEMO_CREDENTIALS } from '../../src/simulators';
import { call, login } from '../support/access-client';
import {
  cleanEnv,
  freePort,
  jsonLines,
  runScript,
  waitReady,
  type RunningProcess,
} from '../support/app-process';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';

/** Live mode against a server that speaks IXC's wire format (the simulator, standalone), IXC_* only. */
describe('live mode with only the IXC_* variables', () => {
  let database: TestDatabase;
  const processes: RunningProcess[] = [];
  afterAll(async () => {
    for (const p of processes.reverse()) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
    await database?.drop();
  });

  it('starts live, mirrors the ERP for the default tenant, and serves open billing', async () => {
    database = await createTestDatabase();
    const simPort = await freePort();
    const sim = runScript('src/cli/main.ts', ['simulators', '--port', String(simPort)], cleanEnv({}));
    processes.push(sim);
    await eventually(() => sim.stdout().includes('Simulators listening'), { timeoutMs: 60_000 });

    const port = await freePort();
    const app = runScript(
      'src/main.ts',
      [],
      cleanEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        IXC_BASE_URL: `http://127.0.0.1:${simPort}/ixc/webservice/v1`,
        IXC_USER: IXC_DEMO_CREDENTIALS.user,
        IXC_TOKEN: IXC_DEMO_CREDENTIALS.token,
        JWT_SECRET: 'a-live-jwt-secret-of-at-least-32-characters',
        REGUA_SECRET_KEY: 'cd'.repeat(32),
        ADMIN_EMAIL: 'ops@isp.example',
        ADMIN_PASSWORD: 'live admin password 1',
      }),
    );
    processes.push(app);
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, 60_000);
    expect(jsonLines(app.stdout())[0]?.msg).toMatch(/mode=live/);
    expect(app.stdout()).not.toContain('uses simulators');

    const token = await login(base, 'ops@isp.example', 'live admin password 1');
    const run = await eventually(
      async () => {
        const res = await call<{ items: Array<{ status: string; mode: string }> }>(
          base,
          'GET',
          '/api/v1/ixc/sync/runs',
          {
            token,
          },
        );
        const first = res.body.items[0];
        return first && first.status !== 'running' && first;
      },
      { timeoutMs: 60_000, description: 'the first sync of the default tenant' },
    );
    expect(run).toMatchObject({ status: 'completed', mode: 'full' });
    const open = await call<{ summary: { total_open: number } }>(base, 'GET', '/api/v1/billing/open', {
      token,
    });
    expect(open.status).toBe(200);
    expect(open.body.summary.total_open).toBeGreaterThan(0);
  });
});
