import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService } from '../../../../platform/observability/metrics.service';

const OPEN_STATES = ['open', 'in_negotiation', 'agreement'] as const;

/**
 * `regua_escalation_open_cases{state}`: cases still worked, all tenants, counted from the database at
 * scrape time (the same in every process: aggregate with `max`, never `sum`).
 */
@Injectable()
export class OpenCasesGauge implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.gaugeCollectedByLabels(
      'regua_escalation_open_cases',
      'Collection cases still worked (open, in negotiation, agreement), all tenants; use max across processes',
      ['state'],
      async () => {
        const counts = new Map<string, number>(OPEN_STATES.map((s) => [s, 0]));
        if (this.dataSource.isInitialized) {
          const rows = (await this.dataSource.query(
            `SELECT state, count(*)::int AS n FROM debt_escalation.cases
              WHERE state IN ('open', 'in_negotiation', 'agreement') GROUP BY state`,
          )) as Array<{ state: string; n: number }>;
          for (const r of rows) counts.set(r.state, r.n);
        }
        return [...counts].map(([state, value]) => ({ labels: { state }, value }));
      },
    );
  }
}
