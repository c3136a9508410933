import type { Request, Response, Router } from 'express';

/** Hooks the host hands to a simulator; kept logger-free so simulators stay standalone fakes. */
export interface SimulatorContext {
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
  /** Answers `GET {control}/data`. */
  inspect(state: S): unknown;
  /**
   * Answers `POST {control}/data`; validate the body and throw SimulatorInputError for bad input (400).
   * May return a promise (awaited) when an action does I/O, such as posting a webhook.
   */
  modify?(state: S, body: unknown): unknown;
  /** Vendor-specific answer for the host's `rateLimit` fault when the fault config gives no body. */
  rateLimited?(req: Request, res: Response, retryAfterSeconds: number): void;
}

/** Bad input to a control endpoint (or a wire handler); the host answers 400 `{error}`. */
export class SimulatorInputError extends Error {
  override name = 'SimulatorInputError';
}
