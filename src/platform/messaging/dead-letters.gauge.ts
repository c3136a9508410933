import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService } from '../observability/metrics.service';

/**
 * `regua_messaging_dead_letters_waiting`: dead letters not replayed yet, counted from the table at
 * scrape time by the processes serving the API (the same in each: aggregate with `max`).
 */
@Injectable()
export class DeadLettersGauge implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.gaugeCollected(
      'regua_messaging_dead_letters_waiting',
      'Messages that failed for good and wait for a replay (same in every api process: use max)',
      async () => {
        if (!this.dataSource.isInitialized) return 0;
        const [row] = (await this.dataSource.query(
          `SELECT count(*)::int AS n FROM messaging.dead_letters WHERE replayed_at IS NULL`,
        )) as [{ n: number }];
        return row.n;
      },
    );
  }
}
