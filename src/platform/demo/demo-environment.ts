import { Logger } from '@nestjs/common';
import {
  simulatorDefinitions,
  startSimulators,
  type SimulatorHost,
  type SimulatorName,
} from '../../simulators';
import type { AppConfig } from '../../config/load-config';

/** Where each simulated system answers in this process's demo environment. */
export class DemoEnvironment {
  private constructor(
    readonly urls: Record<SimulatorName, string>,
    readonly external: boolean,
    /** simulators with their own (non-HTTP) port, e.g. SMTP */
    readonly listeners: Partial<Record<SimulatorName, { host: string; port: number }>>,
    private readonly host?: SimulatorHost,
  ) {}

  static async open(config: AppConfig): Promise<DemoEnvironment> {
    const names = Object.keys(simulatorDefinitions) as SimulatorName[];
    const withListener = names.filter((n) => 'listen' in simulatorDefinitions[n]);
    if (config.DEMO_SIMULATORS_URL) {
      const base = config.DEMO_SIMULATORS_URL.replace(/\/+$/, '');
      const urls = Object.fromEntries(names.map((n) => [n, `${base}/${n}`])) as Record<SimulatorName, string>;
      const listeners: DemoEnvironment['listeners'] = {};
      for (const name of withListener) {
        const port = await externalListenerPort(`${urls[name]}/__control/data`);
        if (port !== undefined) listeners[name] = { host: new URL(base).hostname, port };
      }
      return new DemoEnvironment(urls, true, listeners);
    }
    const host = await startSimulators(names, { seed: config.SIMULATORS_SEED });
    const urls = Object.fromEntries(names.map((n) => [n, host.urlOf(n)])) as Record<SimulatorName, string>;
    const hostname = new URL(host.baseUrl).hostname;
    const listeners = Object.fromEntries(
      withListener.map((n) => [n, { host: hostname, port: host.listenerPortOf(n)! }]),
    ) as DemoEnvironment['listeners'];
    return new DemoEnvironment(urls, false, listeners, host);
  }

  controlUrlOf(name: SimulatorName): string {
    return `${this.urls[name]}/__control`;
  }

  async close(): Promise<void> {
    await this.host?.stop();
  }
}

/** The `port` an external host's simulator shows in its control data; undefined when it cannot be read. */
async function externalListenerPort(dataUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(dataUrl, { signal: AbortSignal.timeout(5_000) });
    const port = ((await response.json()) as { port?: unknown }).port;
    return typeof port === 'number' ? port : undefined;
  } catch {
    return undefined;
  }
}

/** `regua simulators`: every simulator on one port, until interrupted. */
export async function runSimulatorsStandalone(options: {
  host: string;
  port: number;
  seed: number;
  /** Per simulator, e.g. `{ ixc: { customers: 50000 } }`. */
  settings?: Record<string, Record<string, unknown>>;
}): Promise<SimulatorHost> {
  const host = await startSimulators(undefined, options);
  const logger = new Logger('Simulators');
  for (const name of host.names) {
    const definition = simulatorDefinitions[name as SimulatorName];
    const port = host.listenerPortOf(name);
    const own = port === undefined ? '' : `   (own port: ${port})`;
    logger.log(
      `${name.padEnd(14)} ${host.urlOf(name)}${own}   (control: ${host.controlUrlOf(name)}) — ${definition.description}`,
    );
  }
  return host;
}
