import { DomainError } from '../../shared/errors/domain-error';

export class UserAlreadyExistsError extends DomainError {
  constructor(email: string, tenant: string) {
    super(
      'ACCESS.USER_ALREADY_EXISTS',
      'conflict',
      `A user with email ${email} already exists in tenant ${tenant}`,
    );
  }
}

export class InvalidAdminInputError extends DomainError {
  constructor(reason: string) {
    super('ACCESS.INVALID_INPUT', 'invalid', reason);
  }
}

/** Missing, malformed, unknown, expired or revoked credentials. Never says which, on purpose. */
export class UnauthenticatedError extends DomainError {
  constructor(message = 'Missing or invalid credentials') {
    super('ACCESS.UNAUTHENTICATED', 'unauthorized', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role or scopes do not allow this operation') {
    super('ACCESS.FORBIDDEN', 'forbidden', message);
  }
}

export class MissingScopeError extends DomainError {
  constructor(readonly requiredScope: string) {
    super('ACCESS.SCOPE_MISSING', 'forbidden', `This API key lacks the scope "${requiredScope}"`, {
      requiredScope,
    });
  }
}

/** Fail closed: a route that forgot to say who may call it is refused to everyone. */
export class UndeclaredRouteAccessError extends DomainError {
  constructor() {
    super('ACCESS.ROUTE_UNDECLARED', 'forbidden', 'This route declares no access rule; it is refused');
  }
}

export class IpNotAllowedError extends DomainError {
  constructor() {
    super('ACCESS.IP_NOT_ALLOWED', 'forbidden', 'This API key may not be used from your address');
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('ACCESS.RATE_LIMITED', 'rate_limited', `Too many requests; retry in ${retryAfterSeconds} s`, {
      retryAfter: retryAfterSeconds,
    });
  }
}

/** Also what another tenant's resource looks like: it does not exist for the caller. */
export class ResourceNotFoundError extends DomainError {
  constructor(what: 'API key' | 'User', id: string) {
    const code = what === 'API key' ? 'ACCESS.API_KEY_NOT_FOUND' : 'ACCESS.USER_NOT_FOUND';
    super(code, 'not_found', `${what} ${id} not found`);
  }
}

export class UnknownIntegrationError extends DomainError {
  constructor(system: string, known: readonly string[]) {
    super('ACCESS.UNKNOWN_INTEGRATION', 'not_found', `Unknown integration "${system}"`, { known });
  }
}

export class InvalidIdempotencyKeyError extends DomainError {
  constructor() {
    super(
      'ACCESS.INVALID_IDEMPOTENCY_KEY',
      'invalid',
      'Idempotency-Key must be 1 to 255 visible ASCII characters',
    );
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      'ACCESS.IDEMPOTENCY_KEY_REUSED',
      'invalid',
      'This Idempotency-Key was already used with a different request; use a new key',
    );
  }
}

export class IdempotencyInProgressError extends DomainError {
  constructor() {
    super(
      'ACCESS.IDEMPOTENCY_IN_PROGRESS',
      'conflict',
      'A request with this Idempotency-Key is still being processed; retry shortly',
    );
  }
}

/** A tenant must keep one enabled admin, or nobody could manage its users any more. */
export class LastAdminError extends DomainError {
  constructor() {
    super(
      'ACCESS.LAST_ADMIN',
      'conflict',
      "This is the tenant's last enabled admin: make another admin first, then change or remove this one",
    );
  }
}

export class WrongCurrentPasswordError extends DomainError {
  constructor() {
    super('ACCESS.WRONG_CURRENT_PASSWORD', 'forbidden', 'The current password is not correct');
  }
}
