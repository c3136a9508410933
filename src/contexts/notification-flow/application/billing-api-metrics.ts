import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsService } from '../../../platform/observability/metrics.service';
import { BILLING_TYPES } from '../domain/billing/billing-contact';

/** `regua_billing_api_*` metrics (labels: enumerations only). */
@Injectable()
export class BillingApiMetrics {
  readonly contacts: Counter<'type' | 'outcome'>;
  readonly campaigns: Counter<'type' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.contacts = metrics.counter(
      'regua_billing_api_contacts_total',
      'Campaign contacts received through the billing API: accepted, skipped (opted out) or refused (invalid batch)',
      ['type', 'outcome'],
      { type: BILLING_TYPES, outcome: ['accepted', 'skipped', 'refused'] },
    );
    this.campaigns = metrics.counter(
      'regua_billing_api_campaigns_total',
      'Billing API send requests: created, replayed (same external_id and contacts) or refused',
      ['type', 'outcome'],
      { type: BILLING_TYPES, outcome: ['created', 'replayed', 'refused'] },
    );
  }
}
