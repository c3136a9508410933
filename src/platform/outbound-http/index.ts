export { CallLimiter } from './call-limiter';
export { OutboundHttp } from './outbound-http';
export { OutboundCircuitOpenError, OutboundError, type OutboundFailureKind } from './outbound-errors';
export { OUTBOUND_OUTCOMES, OutboundHttpMetrics, type OutboundOutcome } from './outbound-metrics';
export type {
  HttpAnswer,
  HttpMethod,
  OutboundAttemptEvent,
  OutboundBreakerOptions,
  OutboundCallOptions,
  OutboundHttpOptions,
  OutboundRequest,
  OutboundRetryOptions,
  ResponseHeaders,
  RetryCandidate,
  RetryDecision,
  RetryRule,
} from './outbound-types';
export { defaultRetryRule, idempotentByMethod, retryAfterMs } from './retry-rules';
export { describeUrl, redact } from './redaction';
