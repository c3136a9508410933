import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../../platform/observability/metrics.service';
import { PAYMENT_PROVIDERS } from '../domain/provider-notifications';

/**
 * How a delivery ended: a payment recorded (matched or not), a duplicate (event or payment seen
 * before), an event Régua ignores, one whose details need a lookup (and then: not found, not approved,
 * or the lookup failed for good), or refused (signature, stale timestamp, invalid body). A Mercado Pago
 * delivery is counted twice: `lookup_needed` when received, then its lookup's outcome when it settles.
 */
export const PAYMENT_OUTCOMES = [
  'matched',
  'unmatched',
  'duplicate',
  'ignored',
  'lookup_needed',
  'not_found',
  'not_approved',
  'lookup_failed',
  'bad_signature',
  'missing_signature',
  'malformed_signature',
  'stale_timestamp',
  'invalid',
] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];

/** `regua_payments_*` metrics. Labels: provider and outcome only. */
@Injectable()
export class PaymentsMetrics {
  readonly deliveries: Counter<'provider' | 'outcome'>;
  readonly toRestore: Histogram<string>;

  constructor(metrics: MetricsService) {
    this.deliveries = metrics.counter(
      'regua_payments_total',
      'Payment webhook deliveries by provider and outcome',
      ['provider', 'outcome'],
      { provider: PAYMENT_PROVIDERS, outcome: PAYMENT_OUTCOMES },
    );
    this.toRestore = metrics.histogram(
      'regua_payment_to_restore_seconds',
      'From a matched payment webhook received to the VoIP line unblocked in MagnusBilling',
      [],
      [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 900],
    );
  }
}
