import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsService } from '../observability/metrics.service';

export type CredentialKind = 'jwt' | 'api_key' | 'none';
export type AuthenticationOutcome = 'accepted' | 'rejected' | 'ip_not_allowed' | 'rate_limited' | 'error';
export type LoginOutcome = 'success' | 'invalid_credentials' | 'rate_limited';
export type IdempotencyOutcome = 'executed' | 'replayed' | 'in_progress' | 'key_reused' | 'released';

/** `regua_access_*` metrics. Labels are small fixed sets: never ids, e-mails or addresses. */
@Injectable()
export class AccessMetrics {
  private readonly authentications: Counter<'credential' | 'outcome'>;
  private readonly logins: Counter<'outcome'>;
  private readonly idempotentRequests: Counter<'outcome'>;

  constructor(metrics: MetricsService) {
    this.authentications = metrics.counter(
      'regua_access_authentications_total',
      'Requests authenticated, by credential (jwt, api_key, none) and outcome',
      ['credential', 'outcome'],
    );
    this.logins = metrics.counter('regua_access_logins_total', 'Login attempts by outcome', ['outcome']);
    this.idempotentRequests = metrics.counter(
      'regua_access_idempotency_total',
      'Requests carrying an Idempotency-Key, by outcome',
      ['outcome'],
    );
  }

  authentication(credential: CredentialKind, outcome: AuthenticationOutcome): void {
    this.authentications.inc({ credential, outcome });
  }

  login(outcome: LoginOutcome): void {
    this.logins.inc({ outcome });
  }

  idempotency(outcome: IdempotencyOutcome): void {
    this.idempotentRequests.inc({ outcome });
  }
}
