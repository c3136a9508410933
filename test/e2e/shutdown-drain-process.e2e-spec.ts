import { hostname } from 'node:os';
import { cleanEnv, freePort, jsonLines, runScript, waitReady } from '../support/app-process';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';

/** The app as a real process: what a load balancer and a log store see of it. */
describe('app process: drain window on SIGTERM, log lines for a log store', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('answers readiness 503 while still alive for SHUTDOWN_DRAIN_MS, then exits 0; every line is labelled', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = runScript(
      'src/main.ts',
      [],
      cleanEnv({
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        ROLE: 'api',
        LOG_LEVEL: 'info',
        SHUTDOWN_DRAIN_MS: '5000',
      }),
    );
    await waitReady(base);
    const missing = await fetch(`${base}/api/v1/no-such-thing?page=2`, {
      headers: { 'X-Correlation-Id': 'drain-test-correlation', 'User-Agent': 'drain-test-agent' },
    });
    expect(missing.status).toBe(404);

    app.child.kill('SIGTERM');
    await eventually(async () => (await fetch(`${base}/readyz`)).status === 503, {
      description: 'readiness to answer 503 after SIGTERM',
    });
    // Still inside the drain window: the listener is open and liveness answers.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await app.exited).toBe(0);

    const lines = jsonLines(app.stdout());
    const messages = lines.map((line) => String(line.msg));
    const draining = messages.findIndex((msg) => msg.startsWith('Readiness is 503: draining'));
    expect(draining).toBeGreaterThanOrEqual(0);
    expect(draining).toBeLessThan(messages.indexOf('Stopped cleanly'));

    for (const line of lines) {
      expect(line).toMatchObject({ hostname: hostname(), pid: expect.any(Number) });
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
      expect(line.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    const request = lines.find(
      (line) => (line.req as { url?: string } | undefined)?.url === '/api/v1/no-such-thing?page=2',
    );
    expect(request).toMatchObject({
      req: { method: 'GET', url: '/api/v1/no-such-thing?page=2' },
      res: { statusCode: 404 },
      responseTime: expect.any(Number),
      correlationId: 'drain-test-correlation',
    });
    expect(JSON.stringify(request)).not.toMatch(/drain-test-agent|headers/);
  });
});
