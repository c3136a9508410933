import { DomainError } from '../../../../shared/errors/domain-error';

/**
 * Every way a MagnusBilling call fails (integrations.md §2.3, §2.4, §9). `transient` says whether the same
 * request may succeed later; only those are retried. Messages never carry request bodies or credentials.
 *
 * All are `unavailable` for our own API: whatever Magnus answered, the caller of Régua sees an upstream that
 * could not serve the request, not a problem with their input.
 */
export abstract class MagnusError extends DomainError {
  abstract readonly transient: boolean;

  constructor(
    code: string,
    message: string,
    /** HTTP status, when a response arrived */
    readonly status?: number,
  ) {
    super(code, 'unavailable', message, status === undefined ? undefined : { status });
  }
}

export type MagnusAuthReason =
  'invalid_api_access' | 'invalid_ip' | 'invalid_api_action' | 'invalid_user' | 'access_denied';

/**
 * Magnus refused who we are or what we may do: unknown key, bad signature or disabled API (`invalid API
 * access`), our address missing from the key's allow-list (`invalid IP`), the key lacking the `r`/`u`
 * permission letter (`invalid API action`), the key's user gone (`invalid user`), or the user's group lacking
 * the module (`Access denied…`, HTTP 401). Retrying cannot help until someone edits the key.
 */
export class MagnusAuthError extends MagnusError {
  readonly transient = false;

  constructor(
    readonly reason: MagnusAuthReason,
    readonly magnusMessage: string,
    status: number,
  ) {
    super(
      'TELEPHONY_ENFORCEMENT.MAGNUS_AUTH_REJECTED',
      `Magnus refused the API key: ${magnusMessage}`,
      status,
    );
  }
}

/** `{"success":false,"rows":[],"Record not found.":null}`: the user id does not exist (any more). */
export class MagnusNotFoundError extends MagnusError {
  readonly transient = false;

  constructor(status: number, what = 'record') {
    super('TELEPHONY_ENFORCEMENT.MAGNUS_NOT_FOUND', `Magnus ${what} not found`, status);
  }
}

/**
 * `{"success":false,"errors":{field:[messages]}}`: the model's validation refused the save. A bare string
 * (`"errors":"This username already in use"`) is kept under the key `_`.
 */
export class MagnusValidationError extends MagnusError {
  readonly transient = false;

  constructor(
    readonly errors: Readonly<Record<string, readonly string[]>>,
    status: number,
  ) {
    super(
      'TELEPHONY_ENFORCEMENT.MAGNUS_VALIDATION',
      `Magnus refused the values: ${describe(errors)}`,
      status,
    );
  }
}

/**
 * Magnus refused the request on purpose without a validation map: `You only can edit one data per time`
 * (a save carrying a filter or several ids), or `{"success":false,"msg":…}` (e.g. a MySQL constraint).
 * Sending the same request again gets the same answer.
 */
export class MagnusRejectedError extends MagnusError {
  readonly transient = false;

  constructor(
    readonly magnusMessage: string,
    status: number,
  ) {
    super('TELEPHONY_ENFORCEMENT.MAGNUS_REJECTED', `Magnus refused the request: ${magnusMessage}`, status);
  }
}

/**
 * A 5xx, or a PHP/Yii error page. Only 502/503/504 are transient (a proxy in front of a restarting or busy
 * PHP-FPM); a 500 is PHP crashing on this very request (the PHP 8 filter TypeError of §9, for one), which a
 * retry would only repeat. The message says what kind of body came back, never what it said: a Yii debug
 * page quotes PHP source and server paths (integrations.md §9), and this message reaches operators, the
 * database, API answers and Discord.
 */
export class MagnusServerError extends MagnusError {
  readonly transient: boolean;

  constructor(status: number, bodyKind: MagnusBodyKind) {
    super(
      'TELEPHONY_ENFORCEMENT.MAGNUS_SERVER_ERROR',
      `MagnusBilling answered HTTP ${status} (${bodyKind})`,
      status,
    );
    this.transient = status === 502 || status === 503 || status === 504;
  }
}

/** How a failed answer looked, in our own words. */
export type MagnusBodyKind = 'server error page' | 'server error' | 'HTML page' | 'plain text' | 'empty body';

export class MagnusTimeoutError extends MagnusError {
  readonly transient = true;

  constructor(readonly timeoutMs: number) {
    super('TELEPHONY_ENFORCEMENT.MAGNUS_TIMEOUT', `Magnus did not answer within ${timeoutMs} ms`);
  }
}

/** Connection refused/reset, DNS failure: the server may be back in a moment. */
export class MagnusNetworkError extends MagnusError {
  readonly transient = true;

  constructor(readonly causeCode: string | undefined) {
    super('TELEPHONY_ENFORCEMENT.MAGNUS_NETWORK', `Magnus unreachable${causeCode ? ` (${causeCode})` : ''}`);
  }
}

/** The certificate was refused; retrying cannot fix it (set `verifyTls: false` for self-signed panels). */
export class MagnusTlsError extends MagnusError {
  readonly transient = false;

  constructor(readonly causeCode: string) {
    super('TELEPHONY_ENFORCEMENT.MAGNUS_TLS', `Magnus TLS certificate rejected (${causeCode})`);
  }
}

/**
 * Any other body: not JSON, JSON of another shape, or a listing that does not add up. `detail` is this
 * client's own description, never text from the body.
 */
export class MagnusUnexpectedResponseError extends MagnusError {
  readonly transient = false;

  constructor(status: number, detail: string) {
    super(
      'TELEPHONY_ENFORCEMENT.MAGNUS_UNEXPECTED_RESPONSE',
      `Unexpected MagnusBilling answer (HTTP ${status}): ${detail}`,
      status,
    );
  }
}

function describe(errors: Readonly<Record<string, readonly string[]>>): string {
  const parts = Object.entries(errors).map(([field, messages]) =>
    field === '_' ? messages.join('; ') : `${field}: ${messages.join('; ')}`,
  );
  return parts.join(' | ') || '(no message)';
}
