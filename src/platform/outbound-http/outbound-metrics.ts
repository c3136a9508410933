import { Counter, Histogram, type Registry } from 'prom-client';

/** What one attempt came to, as counted in `regua_outbound_requests_total{outcome}`. */
export const OUTBOUND_OUTCOMES = [
  'ok',
  'client_error',
  'rate_limited',
  'server_error',
  'timeout',
  'network_error',
  'tls_error',
  'refused',
  'circuit_open',
] as const;
export type OutboundOutcome = (typeof OUTBOUND_OUTCOMES)[number];

const REQUESTS = 'regua_outbound_requests_total';
const DURATION = 'regua_outbound_request_duration_seconds';

const byRegistry = new WeakMap<Registry, OutboundHttpMetrics>();

/**
 * The outbound metrics of one application instance (one prom-client registry; tests run several apps in
 * one process): attempts by integration and outcome, and their duration by integration. Every outcome of
 * an integration is exported at zero as soon as a client of it exists.
 */
export class OutboundHttpMetrics {
  readonly #requests: Counter<'integration' | 'outcome'>;
  readonly #duration: Histogram<'integration'>;
  readonly #known = new Set<string>();

  private constructor(registry: Registry) {
    this.#requests = new Counter({
      name: REQUESTS,
      help: 'Outbound HTTP attempts by integration and outcome (retries are attempts too)',
      labelNames: ['integration', 'outcome'],
      registers: [registry],
    });
    this.#duration = new Histogram({
      name: DURATION,
      help: 'Outbound HTTP attempt duration by integration (limiter wait excluded)',
      labelNames: ['integration'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }

  /** The metrics registered in `registry` (created on first use). */
  static in(registry: Registry): OutboundHttpMetrics {
    let metrics = byRegistry.get(registry);
    if (!metrics) {
      metrics = new OutboundHttpMetrics(registry);
      byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  declare(integration: string): void {
    if (this.#known.has(integration)) return;
    this.#known.add(integration);
    for (const outcome of OUTBOUND_OUTCOMES) this.#requests.inc({ integration, outcome }, 0);
  }

  record(integration: string, outcome: OutboundOutcome, durationMs: number | undefined): void {
    this.#requests.inc({ integration, outcome });
    if (durationMs !== undefined) this.#duration.observe({ integration }, durationMs / 1000);
  }
}

export function outcomeOfStatus(status: number): OutboundOutcome {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'ok';
}
