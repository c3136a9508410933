import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../../../platform/observability/metrics.service';
import { SYNC_RESOURCES } from '../ixc-source';

/** `regua_ixc_*` metrics. Labels are table/resource names and outcomes only. */
@Injectable()
export class SyncMetrics {
  readonly requests: Counter<'table' | 'outcome'>;
  readonly requestDuration: Histogram<'table'>;
  readonly rows: Counter<'resource' | 'change'>;
  readonly syncDuration: Histogram<'resource' | 'mode'>;
  readonly runs: Counter<'mode' | 'trigger' | 'outcome'>;

  constructor(readonly metrics: MetricsService) {
    this.requests = metrics.counter(
      'regua_ixc_requests_total',
      'Requests to IXC by table and outcome',
      ['table', 'outcome'],
      { table: SYNC_RESOURCES, outcome: ['ok', 'error', 'retry'] },
    );
    this.requestDuration = metrics.histogram('regua_ixc_request_duration_seconds', 'IXC request duration', [
      'table',
    ]);
    this.rows = metrics.counter(
      'regua_ixc_rows_synced_total',
      'Rows read from IXC by resource and change kind',
      ['resource', 'change'],
      { resource: SYNC_RESOURCES, change: ['inserted', 'updated', 'unchanged', 'rejected'] },
    );
    this.syncDuration = metrics.histogram(
      'regua_ixc_sync_duration_seconds',
      'Duration of syncing one resource',
      ['resource', 'mode'],
      [0.5, 1, 5, 15, 30, 60, 120, 300, 900],
    );
    this.runs = metrics.counter(
      'regua_ixc_sync_runs_total',
      'Sync runs by mode, trigger and how they ended (alert on failed)',
      ['mode', 'trigger', 'outcome'],
      { mode: ['incremental', 'full'], trigger: ['api', 'schedule'], outcome: ['completed', 'failed'] },
    );
  }
}
