import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsService } from '../../../platform/observability/metrics.service';
import { OutboundHttpMetrics } from '../../../platform/outbound-http';

export const CASE_OUTCOMES = ['opened', 'joined', 'settled', 'written_off', 'returned'] as const;
export const CRM_OPERATIONS = [
  'search_person',
  'list_deals',
  'search_deal',
  'create_person',
  'create_deal',
  'add_note',
] as const;
export const CRM_OUTCOMES = ['ok', 'rate_limited', 'error'] as const;

/** `regua_escalation_*` metrics; labels are outcomes and operation names only. */
@Injectable()
export class EscalationMetrics {
  readonly cases: Counter<'outcome'>;
  readonly crmRequests: Counter<'operation' | 'outcome'>;
  /** the platform's `regua_outbound_*` series, for the Pipedrive clients */
  readonly outbound: OutboundHttpMetrics;

  constructor(metrics: MetricsService) {
    this.outbound = OutboundHttpMetrics.in(metrics.registry);
    this.cases = metrics.counter(
      'regua_escalation_cases_total',
      'Collection cases opened, debts joining an open case, and cases closed, by outcome',
      ['outcome'],
      { outcome: CASE_OUTCOMES },
    );
    this.crmRequests = metrics.counter(
      'regua_escalation_crm_requests_total',
      'Requests to the CRM (Pipedrive) by operation and outcome',
      ['operation', 'outcome'],
      { operation: CRM_OPERATIONS, outcome: CRM_OUTCOMES },
    );
  }
}
