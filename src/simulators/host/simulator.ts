import type { Request, Response, Router } from 'express';

/** Hooks the host hands to a simulator; kept logger-free so simulators stay standalone fakes. */
export interface SimulatorContext {
  now(): Date;
}

/** A listener besides the HTTP API (e.g. an SMTP port), started with the host and closed when it stops. */
export interface SimulatorListener {
  port: number;
  close(): Promise<void>;
}

/**
 * The host's fault decision for one operation of a listener: faults.ts's FaultDecision, restated here
 * because faults.ts imports this file.
 */
export type ListenerFaultDecision =
  | { kind: 'pass'; delayMs: number }
  | { kind: 'timeout' }
  | { kind: 'error'; delayMs: number; response: { status: number; body: unknown } }
  | { kind: 'rateLimited'; delayMs: number; retryAfterSeconds: number };

/** What a simulator's own listener may use of the host: the live state, faults and the request log. */
export interface SimulatorListenerContext<S> {
  /** the interface the host listens on */
  host: string;
  /** the current state; a control `reset` replaces it, so read it on every use */
  state(): S;
  /** the host's fault decision for one operation, named like a path (`/DATA`) for `pathPattern` */
  fault(path: string): ListenerFaultDecision;
  /** counts an operation in the control API's request log; call the result with its outcome code */
  record(method: string, path: string): (status: number) => void;
  now(): Date;
}

/** What `createState` receives: the host seed and this simulator's own settings (sizes, switches). */
export interface SimulatorStateOptions {
  seed: number;
  /** `SimulatorHostOptions.settings[name]`; each simulator validates its own keys */
  settings?: Record<string, unknown>;
}

/**
 * A fake of one external system. The host mounts its wire API under `/<name>` and adds a control API
 * under `/<name>/__control` (faults, request counters, data, reset).
 *
 * Methods use method syntax on purpose: it keeps `SimulatorDefinition<MyState>` assignable to
 * `SimulatorDefinition` so heterogeneous definitions fit in one array.
 */
export interface SimulatorDefinition<S = unknown> {
  /** url-safe, e.g. 'discord' */
  name: string;
  /** one line, shown by the CLI */
  description: string;
  /** Deterministic seeded data: the same seed and settings must always give the same state. */
  createState(options: SimulatorStateOptions): S;
  /**
   * Registers the wire API, relative to the simulator's base path. Register endpoints as routes
   * (`router.get/post/...`): fault injection and per-route counters hook into route layers.
   * Called again with a fresh router and state on every reset.
   */
  mount(router: Router, state: S, ctx: SimulatorContext): void;
  /** Answers `GET {control}/data`; `listener` is set for a simulator with its own {@link listen}. */
  inspect(state: S, listener?: { port: number }): unknown;
  /**
   * Answers `POST {control}/data`; validate the body and throw SimulatorInputError for bad input (400).
   * May return a promise (awaited) when an action does I/O, such as posting a webhook.
   */
  modify?(state: S, body: unknown): unknown;
  /**
   * Starts a non-HTTP listener (port 0 = a free one) next to the HTTP API, for protocols such as SMTP.
   * Its port is shown in `GET {control}/data` and by `SimulatorHost.listenerPortOf`.
   */
  listen?(ctx: SimulatorListenerContext<S>): Promise<SimulatorListener>;
  /** Vendor-specific answer for the host's `rateLimit` fault when the fault config gives no body. */
  rateLimited?(req: Request, res: Response, retryAfterSeconds: number): void;
}

/** Bad input to a control endpoint (or a wire handler); the host answers 400 `{error}`. */
export class SimulatorInputError extends Error {
  override name = 'SimulatorInputError';
}
