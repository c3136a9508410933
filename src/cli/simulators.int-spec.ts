import { freePort, runScript } from '../../test/support/app-process';
import { eventually } from '../../test/support/eventually';
import { cleanEnv } from '../../test/support/app-process';

describe('regua simulators', () => {
  it('runs every simulator standalone, prints their URLs, and stops on SIGTERM', async () => {
    const port = await freePort();
    const run = runScript('src/cli/main.ts', ['simulators', '--port', String(port)], cleanEnv({}));
    try {
      await eventually(() => run.stdout().includes('Simulators listening'), {
        timeoutMs: 30_000,
        description: 'the simulators to start',
      });
      expect(run.stdout()).toContain(`http://127.0.0.1:${port}/discord`);
      const data = (await (await fetch(`http://127.0.0.1:${port}/discord/__control/data`)).json()) as {
        webhooks: unknown[];
      };
      expect(data.webhooks.length).toBeGreaterThan(0);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  });
});
