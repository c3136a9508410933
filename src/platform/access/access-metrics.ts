import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsService } from '../observability/metrics.service';

const CREDENTIAL_KINDS = ['jwt', 'api_key', 'none'] as const;
const AUTHENTICATION_OUTCOMES = ['accepted', 'rejected', 'ip_not_allowed', 'rate_limited', 'error'] as const;
const LOGIN_OUTCOMES = ['success', 'invalid_credentials', 'rate_limited'] as const;
const IDEMPOTENCY_OUTCOMES = ['executed', 'replayed', 'in_progress', 'key_reused', 'released'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];
export type AuthenticationOutcome = (typeof AUTHENTICATION_OUTCOMES)[number];
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];
export type IdempotencyOutcome = (typeof IDEMPOTENCY_OUTCOMES)[number];

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
      { credential: CREDENTIAL_KINDS, outcome: AUTHENTICATION_OUTCOMES },
    );
    this.logins = metrics.counter('regua_access_logins_total', 'Login attempts by outcome', ['outcome'], {
      outcome: LOGIN_OUTCOMES,
    });
    this.idempotentRequests = metrics.counter(
      'regua_access_idempotency_total',
      'Requests carrying an Idempotency-Key, by outcome',
      ['outcome'],
      { outcome: IDEMPOTENCY_OUTCOMES },
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
