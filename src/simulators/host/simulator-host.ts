import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createControlRouter } from './control-router';
import type { SimulatorContext, SimulatorDefinition } from './simulator';
import { SimulatorRuntime } from './simulator-runtime';

export interface SimulatorHostOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 = a free port */
  port?: number;
  /** default 1 */
  seed?: number;
  /** per simulator name, handed to that simulator's `createState` on start and on every reset */
  settings?: Record<string, Record<string, unknown>>;
}

const URL_SAFE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const CONTROL_SEGMENT = '__control';

/** Serves a set of simulators from one Express app and one HTTP server, each under `/<name>`. */
export class SimulatorHost {
  readonly names: string[];
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly runtimes: Map<string, SimulatorRuntime>,
    readonly baseUrl: string,
  ) {
    this.names = [...runtimes.keys()];
  }

  static async start(
    definitions: SimulatorDefinition[],
    options: SimulatorHostOptions = {},
  ): Promise<SimulatorHost> {
    const seed = options.seed ?? 1;
    if (!Number.isSafeInteger(seed)) throw new Error(`Simulator seed must be an integer, got ${seed}`);
    assertDistinctNames(definitions);

    const ctx: SimulatorContext = { now: () => new Date() };
    const app = express();
    app.disable('x-powered-by');
    const runtimes = new Map<string, SimulatorRuntime>();
    for (const definition of definitions) {
      const runtime = new SimulatorRuntime(definition, seed, ctx, options.settings?.[definition.name]);
      runtimes.set(definition.name, runtime);
      // Control first: `/<name>/__control` must never reach the simulator's own routes.
      app.use(`/${definition.name}/${CONTROL_SEGMENT}`, createControlRouter(runtime, definition.name));
      app.use(`/${definition.name}`, runtime.wire);
    }
    app.use((req, res) => {
      res
        .status(404)
        .json({ error: `no simulator serves ${req.path}; running: ${[...runtimes.keys()].join(', ')}` });
    });

    const server = createServer(app);
    const host = options.host ?? '127.0.0.1';
    await listen(server, options.port ?? 0, host);
    const { port } = server.address() as AddressInfo;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const started = new SimulatorHost(server, runtimes, `http://${urlHost}:${port}`);
    try {
      for (const runtime of runtimes.values()) await runtime.listen(host);
    } catch (error) {
      await started.stop();
      throw error;
    }
    return started;
  }

  urlOf(name: string): string {
    this.runtimeOf(name);
    return `${this.baseUrl}/${name}`;
  }

  controlUrlOf(name: string): string {
    return `${this.urlOf(name)}/${CONTROL_SEGMENT}`;
  }

  /** The port of the simulator's own (non-HTTP) listener, e.g. SMTP; undefined when it has none. */
  listenerPortOf(name: string): number | undefined {
    return this.runtimeOf(name).listenerPort;
  }

  /** Live state for in-process tests; a control `reset` replaces it, so read it again afterwards. */
  stateOf<S>(name: string): S {
    return this.runtimeOf(name).state as S;
  }

  /** Closes the server and destroys every socket, including keep-alive and deliberately hung ones. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const disposed = Promise.all([...this.runtimes.values()].map((runtime) => runtime.dispose()));
      await new Promise<void>((resolve, reject) => {
        this.server.close((error) => (error ? reject(error) : resolve()));
        this.server.closeAllConnections();
      });
      await disposed;
    })();
    return this.stopping;
  }

  private runtimeOf(name: string): SimulatorRuntime {
    const runtime = this.runtimes.get(name);
    if (!runtime) {
      throw new Error(`Unknown simulator "${name}"; this host runs: ${this.names.join(', ') || '(none)'}`);
    }
    return runtime;
  }
}

function assertDistinctNames(definitions: SimulatorDefinition[]): void {
  const seen = new Set<string>();
  for (const { name } of definitions) {
    if (!URL_SAFE_NAME.test(name)) {
      throw new Error(`Simulator name "${name}" must be url-safe (lowercase letters, digits, dashes)`);
    }
    if (seen.has(name)) throw new Error(`Simulator "${name}" is defined twice`);
    seen.add(name);
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
