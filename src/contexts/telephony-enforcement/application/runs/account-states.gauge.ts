import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService } from '../../../../platform/observability/metrics.service';

const STATES = ['active', 'blocked', 'inactive', 'unknown'] as const;

/**
 * `regua_enforcement_accounts{state}`: the lines of each tenant's latest full run that got as far as a
 * plan, counted from the database when Prometheus scrapes. Published only by processes that serve the
 * API (a run started anywhere is seen), and the same in each of them: aggregate with `max`, never `sum`.
 * A run's counts never change once planned, so each run is counted once and remembered.
 */
@Injectable()
export class AccountStatesGauge implements OnModuleInit {
  private readonly countedRuns = new Map<string, Map<string, number>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.gaugeCollectedByLabels(
      'regua_enforcement_accounts',
      'Magnus lines linked to a contract, by state, as of each tenant latest full run (all tenants; use max across processes)',
      ['state'],
      async () => {
        const totals = new Map<string, number>(STATES.map((state) => [state, 0]));
        if (this.dataSource.isInitialized) {
          for (const counts of (await this.latestFullRuns()).values()) {
            for (const [state, n] of counts) totals.set(state, (totals.get(state) ?? 0) + n);
          }
        }
        return [...totals].map(([state, value]) => ({ labels: { state }, value }));
      },
    );
  }

  private async latestFullRuns(): Promise<Map<string, Map<string, number>>> {
    const latest = (await this.dataSource.query(
      `SELECT DISTINCT ON (tenant_id) id FROM telephony_enforcement.runs
        WHERE scope = '{}'::jsonb
          AND (status IN ('completed', 'held') OR (status = 'running' AND phase = 'applying'))
        ORDER BY tenant_id, started_at DESC`,
    )) as Array<{ id: string }>;
    const ids = new Set(latest.map((run) => run.id));
    for (const id of this.countedRuns.keys()) if (!ids.has(id)) this.countedRuns.delete(id);
    const uncounted = [...ids].filter((id) => !this.countedRuns.has(id));
    if (uncounted.length > 0) {
      const rows = (await this.dataSource.query(
        `SELECT run_id::text, from_state, count(*)::int AS n FROM telephony_enforcement.actions
          WHERE run_id = ANY($1::uuid[]) GROUP BY run_id, from_state`,
        [uncounted],
      )) as Array<{ run_id: string; from_state: string; n: number }>;
      for (const id of uncounted) this.countedRuns.set(id, new Map());
      for (const row of rows) this.countedRuns.get(row.run_id)?.set(row.from_state, row.n);
    }
    return this.countedRuns;
  }
}
