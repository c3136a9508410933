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
    private readonly host?: SimulatorHost,
  ) {}

  static async open(config: AppConfig): Promise<DemoEnvironment> {
    const names = Object.keys(simulatorDefinitions) as SimulatorName[];
    if (config.DEMO_SIMULATORS_URL) {
      const base = config.DEMO_SIMULATORS_URL.replace(/\/+$/, '');
      const urls = Object.fromEntries(names.map((n) => [n, `${base}/${n}`])) as Record<SimulatorName, string>;
      return new DemoEnvironment(urls, true);
    }
    const host = await startSimulators(names, { seed: config.SIMULATORS_SEED });
    const urls = Object.fromEntries(names.map((n) => [n, host.urlOf(n)])) as Record<SimulatorName, string>;
    return new DemoEnvironment(urls, false, host);
  }

  controlUrlOf(name: SimulatorName): string {
    return `${this.urls[name]}/__control`;
  }

  async close(): Promise<void> {
    await this.host?.stop();
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
    logger.log(
      `${name.padEnd(14)} ${host.urlOf(name)}   (control: ${host.controlUrlOf(name)}) — ${definition.description}`,
    );
  }
  return host;
}
