import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { jsonErrors, writeCanned } from './canned-response';
import { FaultInjector, type FaultDecision } from './faults';
import { deriveSeed } from './prng';
import { RequestLog } from './request-log';
import type { SimulatorContext, SimulatorDefinition, SimulatorListener } from './simulator';

type RouterLayer = Router['stack'][number];

/**
 * One running simulator: its current state, the fault injector and the request log. The wire router is
 * stable while `reset()` swaps the mounted simulator router, because handlers close over their state.
 */
export class SimulatorRuntime {
  readonly faults: FaultInjector;
  readonly requests = new RequestLog();
  readonly wire: Router;
  private readonly basePath: string;
  private mounted!: { state: unknown; router: Router };
  private admitted = new WeakSet<Request>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private listener: SimulatorListener | undefined;

  constructor(
    private readonly definition: SimulatorDefinition,
    private readonly seed: number,
    private readonly ctx: SimulatorContext,
    private readonly settings?: Record<string, unknown>,
  ) {
    this.basePath = `/${definition.name}`;
    this.faults = new FaultInjector(deriveSeed(seed, `${definition.name}:faults`));
    this.reset();
    this.wire = this.createWireRouter();
  }

  get state(): unknown {
    return this.mounted.state;
  }

  get canModify(): boolean {
    return this.definition.modify !== undefined;
  }

  inspect(): unknown {
    return this.definition.inspect(this.mounted.state, this.listener && { port: this.listener.port });
  }

  get listenerPort(): number | undefined {
    return this.listener?.port;
  }

  /** Starts the simulator's own listener, if it has one, on the host's interface. */
  async listen(host: string): Promise<SimulatorListener | undefined> {
    if (!this.definition.listen) return undefined;
    this.listener = await this.definition.listen({
      host,
      state: () => this.mounted.state,
      fault: (path) => this.faults.decide(path, Date.now()),
      record: (method, path) => {
        const entry = this.requests.record(method, path, `${method} ${path}`, this.ctx.now());
        return (status) => {
          entry.status = status;
        };
      },
      now: () => this.ctx.now(),
    });
    return this.listener;
  }

  modify(body: unknown): unknown {
    return this.definition.modify?.(this.mounted.state, body);
  }

  /** Back to the seeded state with no faults and no counters, as if the host had just started. */
  reset(): void {
    const state = this.definition.createState({ seed: this.seed, settings: this.settings });
    const router = express.Router();
    this.definition.mount(router, state, this.ctx);
    this.gateRoutes(router.stack);
    this.mounted = { state, router };
    this.faults.clear();
    this.requests.clear();
    this.admitted = new WeakSet();
  }

  /** Drops pending latency timers and closes the own listener, so a stopping host leaves nothing running. */
  async dispose(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.close();
  }

  private createWireRouter(): Router {
    const wire = express.Router();
    wire.use((req, res, next) => this.mounted.router(req, res, next));
    wire.use((req, res) => {
      if (!this.admitted.has(req)) this.admit(req, res, `${req.method} (unmatched)`);
      res
        .status(404)
        .json({ error: `simulator ${this.definition.name} has no route ${req.method} ${req.path}` });
    });
    wire.use(jsonErrors);
    return wire;
  }

  /**
   * Faults and counters hook into each route layer rather than a leading middleware so that they know
   * which route a request is for (byRoute keys) and never fire for paths the simulator does not serve.
   */
  private gateRoutes(stack: RouterLayer[]): void {
    for (const layer of stack) {
      const route = layer.route;
      if (route) {
        const dispatch = layer.handle;
        const routePath = String(route.path);
        layer.handle = (req: Request, res: Response, next: NextFunction) =>
          this.gate(req, res, next, routePath, () => dispatch(req, res, next));
        continue;
      }
      const nested = (layer.handle as { stack?: unknown }).stack;
      if (Array.isArray(nested)) this.gateRoutes(nested as RouterLayer[]);
    }
  }

  private gate(
    req: Request,
    res: Response,
    next: NextFunction,
    routePath: string,
    dispatch: () => void,
  ): void {
    if (this.admitted.has(req)) return dispatch();
    const mountPath = req.baseUrl.slice(this.basePath.length);
    this.admit(req, res, `${req.method} ${mountPath}${routePath}`);
    const decision = this.faults.decide(this.pathOf(req), Date.now());
    // A timed-out request is accepted and left hanging; the host destroys its socket on stop.
    if (decision.kind === 'timeout') return;
    const act = () => {
      try {
        this.apply(decision, req, res, dispatch);
      } catch (error) {
        next(error);
      }
    };
    if (decision.delayMs > 0) this.later(decision.delayMs, act);
    else act();
  }

  private apply(
    decision: Exclude<FaultDecision, { kind: 'timeout' }>,
    req: Request,
    res: Response,
    dispatch: () => void,
  ) {
    if (decision.kind === 'pass') return dispatch();
    if (decision.kind === 'error') return writeCanned(res, decision.response);
    const { rateLimit, retryAfterSeconds } = decision;
    const retryAfter = { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) };
    if (rateLimit.body === undefined && this.definition.rateLimited) {
      return this.definition.rateLimited(req, res, retryAfterSeconds);
    }
    writeCanned(res, {
      status: rateLimit.status ?? 429,
      body: rateLimit.body ?? { error: 'rate limit exceeded', retryAfterSeconds },
      headers: { ...retryAfter, ...rateLimit.headers },
    });
  }

  private admit(req: Request, res: Response, routeKey: string): void {
    this.admitted.add(req);
    const entry = this.requests.record(req.method, this.pathOf(req), routeKey, this.ctx.now());
    res.once('finish', () => {
      entry.status = res.statusCode;
    });
  }

  /** Path below the simulator's base (what `pathPattern` and the request log see). */
  private pathOf(req: Request): string {
    const pathname = new URL(req.originalUrl, 'http://simulator').pathname;
    return pathname.slice(this.basePath.length) || '/';
  }

  private later(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delayMs);
    this.timers.add(timer);
  }
}
