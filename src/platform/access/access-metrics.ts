import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsService } from '../observability/metrics.service';

export type AuthenticationOutcome = 'accepted' | 'rejected' | 'ip_not_allowed' | 'rate_limited' | 'error';
export type LoginOutcome = 'success' | 'invalid_credentials' | 'rate_limited';
export type IdempotencyOutcome = 'executed' | 'replayed' | 'in_progress' | 'key_reused' | 'released';

/** `regua_access_*` metrics. Labels are small fixed sets: never ids, e-mails or addresses. */
@Injectable()
export class AccessMetrics {
  readonly authentications: Counter<'credential' | 'outcome'>;
  readonly logins: Counter<'outcome'>;
  readonly idempotency: Counter<'outcome'>;

  constructor(metrics: MetricsService) {
    this.authentications = metrics.counter(
      'regua_access_authentications_total',
      'Requests authenticated, by credential (jwt, api_key, none) and outcome',
      ['credential', 'outcome'],
    );
    this.logins = metrics.counter('regua_access_logins_total', 'Login attempts by outcome', ['outcome']);
    this.idempotency = metrics.counter(
      'regua_access_idempotency_total',
      'Requests carrying an Idempotency-Key, by outcome',
      ['outcome'],
    );
  }

  authentication(credential: 'jwt' | 'api_key' | 'none', outcome: AuthenticationOutcome): void {
    this.authentications.inc({ credential, outcome });
  }
}
