/**
 * Why a call got no usable HTTP answer. `network`: the connection failed or broke; `timeout`: no complete
 * answer within the deadline; `tls`: the certificate or handshake was refused; `refused`: the outbound
 * policy refused the address (SSRF guard); `circuit_open`: the breaker is open, nothing was attempted;
 * `closed`: the client was closed; `too_large`: the answer exceeded `maxResponseBytes`.
 */
export type OutboundFailureKind =
  'network' | 'timeout' | 'tls' | 'refused' | 'circuit_open' | 'closed' | 'too_large';

/**
 * A call that got no usable answer. `neverSent`: the request certainly did not reach the server (no
 * connection was made), so repeating it is always safe. `maybeSent`: the server may have received and
 * processed it (answer lost, timeout after connecting): repeat it only if it is idempotent. Exactly one of
 * the two is true. The message names the integration and never quotes a secret (see `redact`); the
 * undici cause is left out on purpose: it may quote the request, credentials included.
 */
export class OutboundError extends Error {
  readonly maybeSent: boolean;

  constructor(
    readonly integration: string,
    readonly kind: OutboundFailureKind,
    message: string,
    readonly neverSent: boolean,
    /** the network error code (`ECONNREFUSED`, `UND_ERR_SOCKET`...), when there was one */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'OutboundError';
    this.maybeSent = !neverSent;
  }
}

/** The circuit breaker of the integration is open: the call was not attempted. */
export class OutboundCircuitOpenError extends OutboundError {
  constructor(integration: string) {
    super(integration, 'circuit_open', `${integration}: circuit open, call not attempted`, true);
    this.name = 'OutboundCircuitOpenError';
  }
}

/** The connection was never made: the server cannot have seen the request. */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL/;

/** What a transport failure (undici/net error code) means for the call. */
export function classifyCode(code: string): { kind: OutboundFailureKind; neverSent: boolean } | undefined {
  if (code === 'EOUTBOUNDREFUSED') return { kind: 'refused', neverSent: true };
  if (TLS_FAILURE.test(code)) return { kind: 'tls', neverSent: true };
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return { kind: 'timeout', neverSent: true };
  if (NEVER_SENT_CODES.has(code)) return { kind: 'network', neverSent: true };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return { kind: 'timeout', neverSent: false };
  if (
    code.startsWith('E') ||
    code.startsWith('UND_ERR_SOCKET') ||
    code.startsWith('UND_ERR_CONNECT') ||
    code === 'UND_ERR_CLOSED'
  )
    return { kind: 'network', neverSent: false };
  return undefined;
}

/** The first string `code` on the error or its causes (undici nests them). */
export function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** How a client names transport failures in its own error types (see {@link mapOutboundError}). */
export interface OutboundErrorMapping {
  /** no answer within the deadline (a connect timeout is a `network` failure: nothing was sent) */
  timeout(error: OutboundError): unknown;
  /** anything else; also TLS and never-sent failures when the client has no mapping for them */
  network(error: OutboundError): unknown;
  tls?(error: OutboundError): unknown;
  /** the connection was never made (TLS included when there is no `tls`) */
  neverSent?(error: OutboundError): unknown;
}

/**
 * A transport failure in the client's own terms; anything that is not an OutboundError (a bug, the
 * caller's abort) and a closed client are returned as they are.
 */
export function mapOutboundError(error: unknown, mapping: OutboundErrorMapping): unknown {
  if (!(error instanceof OutboundError) || error.kind === 'closed') return error;
  if (error.kind === 'tls' && mapping.tls) return mapping.tls(error);
  if (error.neverSent && mapping.neverSent) return mapping.neverSent(error);
  if (error.kind === 'timeout' && error.code !== 'UND_ERR_CONNECT_TIMEOUT') return mapping.timeout(error);
  return mapping.network(error);
}

/** A client's error classes for TLS failures, timeouts and network failures (IXC and Magnus have them). */
export interface TransportErrorClasses {
  tls: new (code: string) => unknown;
  timeout: new (timeoutMs: number) => unknown;
  network: new (code: string | undefined) => unknown;
}

/** The mapping that builds those classes: `mapOutboundError(error, transportErrorsAs(classes, ms))`. */
export function transportErrorsAs(classes: TransportErrorClasses, timeoutMs: number): OutboundErrorMapping {
  return {
    tls: (failure) => new classes.tls(failure.code ?? 'TLS'),
    timeout: () => new classes.timeout(timeoutMs),
    network: (failure) => new classes.network(failure.code),
  };
}
