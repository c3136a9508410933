import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/load-config';
import { buildInfo } from './build-info';

/**
 * Label values known when a counter is created. Every combination is exported at zero from the start,
 * so `increase()`/`rate()` see the first event (a series born at its first increment has no "before").
 * Labels whose values are learnt later (job names, queue names) are added with `declareLabelValues`.
 */
export type KnownLabelValues<L extends string> = { readonly [K in L]?: readonly string[] };

/** Monitoring traffic: left out of the HTTP metrics so it does not dilute latency and error ratios. */
export const MONITORING_PATHS: ReadonlySet<string> = new Set(['/metrics', '/healthz', '/readyz']);

/**
 * One prom-client registry per application instance (tests start several in one process).
 * Contexts register their `regua_<context>_*` metrics here.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly knownValues = new Map<string, { counter: Counter; values: Map<string, Set<string>> }>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const info = new Gauge({
      name: 'regua_build_info',
      help: 'Build and runtime information (always 1)',
      // not `role`: Prometheus' scrape config sets that label on the target, and the two would clash
      labelNames: ['version', 'commit', 'node_version', 'mode', 'regua_role'],
      registers: [this.registry],
    });
    const build = buildInfo(config);
    info.set({ ...build, mode: config.REGUA_MODE, regua_role: config.ROLE }, 1);
  }

  counter<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    known: KnownLabelValues<L> = {},
  ): Counter<L> {
    const counter =
      (this.registry.getSingleMetric(name) as Counter<L> | undefined) ??
      new Counter({ name, help, labelNames, registers: [this.registry] });
    if (!this.knownValues.has(name)) {
      this.knownValues.set(name, {
        counter: counter as Counter,
        values: new Map(labelNames.map((label) => [label, new Set<string>()])),
      });
    }
    this.declareLabelValues(name, known);
    return counter;
  }

  /**
   * Adds label values of a counter learnt after its creation (a job name, a queue name) and exports
   * every new combination at zero. Series already counted keep their value.
   */
  declareLabelValues(name: string, values: Readonly<Record<string, readonly string[] | undefined>>): void {
    const entry = this.knownValues.get(name);
    if (!entry) return;
    for (const [label, added] of Object.entries(values)) {
      for (const value of added ?? []) entry.values.get(label)?.add(value);
    }
    for (const labels of combinations([...entry.values].map(([label, set]) => [label, [...set]]))) {
      entry.counter.inc(labels, 0);
    }
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets?: number[],
  ): Histogram<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Histogram<L>;
    return new Histogram({
      name,
      help,
      labelNames,
      ...(buckets ? { buckets } : {}),
      registers: [this.registry],
    });
  }

  /**
   * A labelled gauge read when Prometheus scrapes: each scrape replaces every series with what `read`
   * answers (a failed read leaves the last values).
   */
  gaugeCollectedByLabels<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: () => Promise<Array<{ labels: Record<L, string>; value: number }>>,
  ): Gauge<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Gauge<L>;
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        try {
          const series = await read();
          this.reset();
          for (const { labels, value } of series) this.set(labels as Partial<Record<L, string>>, value);
        } catch {
          // keep the previous values; the scrape must not fail because the database blinked
        }
      },
    });
  }

  /** A gauge whose value is read when Prometheus scrapes (a failed read leaves the last value). */
  gaugeCollected(name: string, help: string, read: () => Promise<number>): Gauge {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Gauge;
    return new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        try {
          this.set(await read());
        } catch {
          // keep the previous value; the scrape must not fail because the database blinked
        }
      },
    });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Gauge<L>;
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}

/** Every label set of the cartesian product; none while a label has no known value yet. */
function combinations(labels: Array<[string, string[]]>): Array<Record<string, string>> {
  return labels.reduce<Array<Record<string, string>>>(
    (sets, [label, values]) => sets.flatMap((set) => values.map((value) => ({ ...set, [label]: value }))),
    [{}],
  );
}
