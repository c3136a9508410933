import { SimulatorControl } from '../../src/simulators';
import { cleanEnv, freePort, type RunningProcess } from '../../test/support/app-process';
import { eventually } from '../../test/support/eventually';
import { runBuiltCli } from './built-app';

export interface SimulatorProcess {
  process: RunningProcess;
  /** where the app finds the simulators (`DEMO_SIMULATORS_URL`) */
  url: string;
  /** the control API of `system` */
  control: SimulatorControl;
}

/**
 * The built-in simulators in a process of their own (`regua simulators`), `system` sized with
 * `--set <system>.<key>=<n>` and answering each request after `latencyMs`: the load generator and the
 * simulated vendor do not share the app's CPU time. Compiled (call `buildApp()` first), as the vendor's
 * own server would not pay for ts-node either.
 */
export async function startSimulatorProcess(
  system: string,
  size: Record<string, number>,
  options: { latencyMs?: number } = {},
): Promise<SimulatorProcess> {
  const port = await freePort();
  console.error(`${system} simulator with ${JSON.stringify(size)}…`);
  const process = runBuiltCli(
    [
      'simulators',
      '--port',
      String(port),
      ...Object.entries(size).flatMap(([k, v]) => ['--set', `${system}.${k}=${v}`]),
    ],
    cleanEnv({}),
  );
  await eventually(() => process.stdout().includes('Simulators listening'), { timeoutMs: 180_000 });
  const url = `http://127.0.0.1:${port}`;
  const control = new SimulatorControl(`${url}/${system}/__control`);
  if (options.latencyMs) await control.setFaults({ latencyMs: options.latencyMs });
  return { process, url, control };
}
