import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DomainError } from '../../../shared/errors/domain-error';
import { AccessMetrics, type AuthenticationOutcome, type CredentialKind } from '../access-metrics';
import {
  ForbiddenError,
  IpNotAllowedError,
  MissingScopeError,
  RateLimitedError,
  UnauthenticatedError,
  UndeclaredRouteAccessError,
} from '../access.errors';
import { ApiKeyAuthenticator } from '../api-keys/api-key-authenticator';
import type { ApiKeyScope } from '../api-keys/api-key-scopes';
import {
  ANY_PRINCIPAL,
  IS_PUBLIC,
  REQUIRED_ROLES,
  REQUIRED_SCOPE,
  type AuthenticatedRequest,
  type Principal,
  type UserRole,
} from '../auth.decorators';
import { AccessTokens } from './access-tokens';
import { presentedCredential } from './presented-credential';
import { setRetryAfter } from './retry-after';

function outcomeOf(error: unknown): AuthenticationOutcome {
  if (error instanceof IpNotAllowedError) return 'ip_not_allowed';
  if (error instanceof RateLimitedError) return 'rate_limited';
  return error instanceof DomainError ? 'rejected' : 'error';
}

/**
 * The global guard: every route needs a principal unless it is `@Public()`. Sets `req.principal`,
 * then enforces `@Roles()` on users and `@RequireScope()` on API keys. A route that declares neither
 * a scope nor `@AnyPrincipal()` is refused to everyone (fail closed).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly metrics: AccessMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const http = context.switchToHttp();
    const req = http.getRequest<Request & AuthenticatedRequest>();
    const principal = await this.authenticate(req, http.getResponse<Response>());
    req.principal = principal;

    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(REQUIRED_SCOPE, targets);
    const anyPrincipal = this.reflector.getAllAndOverride<boolean | undefined>(ANY_PRINCIPAL, targets);
    if (!scope && !anyPrincipal) {
      this.logger.error(`${req.method} ${req.route?.path ?? req.path} declares no access rule; refused`);
      throw new UndeclaredRouteAccessError();
    }
    if (principal.kind === 'user') {
      const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets);
      if (roles?.length && !roles.includes(principal.role)) throw new ForbiddenError();
      return true;
    }
    // The `admin` scope is a superset: an admin key may call whatever an admin user may.
    if (scope && !principal.scopes.includes(scope) && !principal.scopes.includes('admin')) {
      throw new MissingScopeError(scope);
    }
    return true;
  }

  private async authenticate(req: Request, res: Response): Promise<Principal> {
    let credential: CredentialKind = 'none';
    try {
      const presented = presentedCredential(req.headers);
      if (!presented) throw new UnauthenticatedError('This endpoint needs a Bearer token or an API key');
      credential = presented.kind;
      const principal =
        presented.kind === 'jwt'
          ? await this.tokens.verify(presented.token)
          : await this.apiKeys.authenticate(presented.token, req.ip ?? req.socket.remoteAddress ?? '');
      this.metrics.authentication(credential, 'accepted');
      return principal;
    } catch (error) {
      this.metrics.authentication(credential, outcomeOf(error));
      setRetryAfter(res, error);
      throw error;
    }
  }
}
