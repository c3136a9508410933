import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { cleanEnv, freePort, jsonLines, runScript, runToEnd, waitReady } from '../support/app-process';

/** What a newcomer gets on a fresh clone: no configuration at all. */
describe('the app as a process, with no configuration (embedded database, demo mode)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'regua-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, is ready and observable, stops cleanly on Ctrl-C, and keeps its data across restarts', async () => {
    const port = await freePort();
    const env = cleanEnv({ PORT: String(port), REGUA_DATA_DIR: dataDir, HOST: '127.0.0.1' });
    const base = `http://127.0.0.1:${port}`;

    const first = runScript('src/main.ts', [], env);
    await waitReady(base, 60_000);

    const lines = jsonLines(first.stdout());
    expect(lines[0]?.msg).toMatch(/mode=demo .*broker=in-process transport/);
    expect(lines[1]?.msg).toMatch(/^Database: embedded PGlite/);

    const doc = (await (await fetch(`${base}/docs-json`)).json()) as { openapi: string };
    expect(doc.openapi).toMatch(/^3\./);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('http_request_duration_seconds_bucket');

    // While the app runs, a second process cannot open the same embedded database.
    const busy = await runToEnd('src/cli/main.ts', ['migrate'], env);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/in use by process \d+/);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.stdout()).toContain('Stopped cleanly');

    // The data is on disk: the demo tenant the app created is there after the process is gone.
    const db = await EmbeddedPostgres.start(dataDir);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const tenants = await client.query(`SELECT slug, integrations FROM access.tenants`);
    await client.query(
      `INSERT INTO platform.job_leases (job_name, holder, expires_at) VALUES ('e2e.marker', 'test', now())`,
    );
    await client.end();
    await db.stop();
    expect(tenants.rows).toEqual([
      {
        slug: 'demo',
        integrations: {
          clinic: { baseUrl: expect.stringMatching(/\/clinic$/), simulated: true },
          discord: { simulated: true },
          evolution: { baseUrl: expect.stringMatching(/\/evolution$/), instance: 'regua', simulated: true },
          ixc: { baseUrl: expect.stringMatching(/\/ixc\/webservice\/v1$/), user: '1', simulated: true },
          magnus: {
            baseUrl: expect.stringMatching(/\/magnus\/mbilling$/),
            contractField: 'dist',
            simulated: true,
          },
          payments: { mercadopagoBaseUrl: expect.stringMatching(/\/mercadopago$/), simulated: true },
          pipedrive: {
            baseUrl: expect.stringMatching(/\/pipedrive$/),
            documentFieldKey: expect.stringMatching(/^[0-9a-f]{40}$/),
            createDeals: true,
            pipelineId: 2,
            stageId: 3,
            simulated: true,
          },
          sendgrid: { baseUrl: expect.stringMatching(/\/sendgrid$/), simulated: true },
          sms: { baseUrl: expect.stringMatching(/\/sms$/), simulated: true },
          smtp: { url: expect.stringMatching(/^smtp:\/\/regua-demo@127\.0\.0\.1:\d+$/), simulated: true },
        },
      },
    ]);

    const second = runScript('src/main.ts', [], env);
    await waitReady(base, 60_000);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const again = await EmbeddedPostgres.start(dataDir);
    const check = new Client({ connectionString: again.url });
    await check.connect();
    const marker = await check.query(`SELECT holder FROM platform.job_leases WHERE job_name = 'e2e.marker'`);
    const migrations = await check.query(`SELECT count(*)::int AS n FROM migrations`);
    await check.end();
    await again.stop();
    expect(marker.rows).toEqual([{ holder: 'test' }]);
    expect(migrations.rows[0].n).toBeGreaterThanOrEqual(2);
  });

  it('refuses to start with a clear message naming the wrong variable', async () => {
    const result = await runToEnd(
      'src/main.ts',
      [],
      cleanEnv({ PORT: 'eighty', LOG_LEVEL: 'chatty', REGUA_DATA_DIR: dataDir }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Invalid configuration:/m);
    expect(result.stderr).toMatch(/PORT: .*\(got "eighty"\)/);
    expect(result.stderr).toMatch(/LOG_LEVEL: .*\(got "chatty"\)/);
    expect(result.stderr).toContain('.env.example');
  });

  it('refuses live mode while an integration setting is missing', async () => {
    const result = await runToEnd(
      'src/main.ts',
      [],
      cleanEnv({
        REGUA_MODE: 'live',
        REGUA_DATA_DIR: dataDir,
        IXC_BASE_URL: 'https://erp.example.com/webservice/v1',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/IXC_USER, IXC_TOKEN: required in live mode/);
  });
});
