export { CallLimiter } from './call-limiter';
export { OutboundHttp } from './outbound-http';
export {
  mapOutboundError,
  OutboundCircuitOpenError,
  OutboundError,
  type OutboundErrorMapping,
  transportErrorsAs,
  type OutboundFailureKind,
  type TransportErrorClasses,
} from './outbound-errors';
export { OUTBOUND_OUTCOMES, OutboundHttpMetrics, type OutboundOutcome } from './outbound-metrics';
export type {
  HttpAnswer,
  HttpMethod,
  OutboundAttemptEvent,
  OutboundBreakerOptions,
  OutboundCallOptions,
  OutboundHttpOptions,
  OutboundRequest,
  OutboundRequestSource,
  OutboundRetryOptions,
  ResponseHeaders,
  RetryCandidate,
  RetryDecision,
  RetryRule,
} from './outbound-types';
export { verdictOf } from './outbound-types';
export { defaultRetryRule, idempotentByMethod, retryAfterMs } from './retry-rules';
export { describeUrl, redact } from './redaction';
