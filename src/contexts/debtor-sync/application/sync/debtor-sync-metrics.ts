import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../../../platform/observability/metrics.service';
import { MIRROR_ENTITIES } from '../ports/debtor-mirror.repository';

/** `regua_debtor_sync_*` and `regua_clinic_api_*` metrics. Labels are entities, endpoints and outcomes only. */
@Injectable()
export class DebtorSyncMetrics {
  readonly runs: Counter<'outcome'>;
  readonly rows: Counter<'entity' | 'change'>;
  readonly duration: Histogram;
  readonly requests: Counter<'endpoint' | 'outcome'>;
  readonly requestDuration: Histogram<'endpoint'>;

  constructor(readonly metrics: MetricsService) {
    this.runs = metrics.counter(
      'regua_debtor_sync_runs_total',
      'Clinic debtor sync runs by how they ended (alert on failed)',
      ['outcome'],
      { outcome: ['completed', 'failed'] },
    );
    this.rows = metrics.counter(
      'regua_debtor_sync_rows_total',
      'Rows read from the clinic API by entity and change kind',
      ['entity', 'change'],
      { entity: MIRROR_ENTITIES, change: ['inserted', 'updated', 'unchanged', 'failed'] },
    );
    this.duration = metrics.histogram(
      'regua_debtor_sync_duration_seconds',
      'Duration of one clinic sync run',
      [],
      [0.5, 1, 5, 15, 30, 60, 120, 300, 900, 1800],
    );
    this.requests = metrics.counter(
      'regua_clinic_api_requests_total',
      'Requests to the clinic API by endpoint and outcome (transient = retried or failed for good)',
      ['endpoint', 'outcome'],
      {
        endpoint: ['clinica', 'inadimplencia'],
        outcome: ['ok', 'auth', 'invalid', 'not_found', 'transient', 'protocol'],
      },
    );
    this.requestDuration = metrics.histogram(
      'regua_clinic_api_request_duration_seconds',
      'Clinic API request duration',
      ['endpoint'],
    );
  }
}
