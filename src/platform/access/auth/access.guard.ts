import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DomainError } from '../../../shared/errors/domain-error';
import { AccessMetrics, type AuthenticationOutcome, type CredentialKind } from '../access-metrics';
import { ForbiddenError, IpNotAllowedError, RateLimitedError, UnauthenticatedError } from '../access.errors';
import { ApiKeyAuthenticator } from '../api-keys/api-key-authenticator';
import {
  IS_PUBLIC,
  REQUIRED_ROLES,
  REQUIRED_SCOPES,
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
 * then enforces `@Roles()` (users and keys alike) and `@Scopes()` (keys only; a user's role decides).
 */
@Injectable()
export class AccessGuard implements CanActivate {
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

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !roles.includes(principal.role)) throw new ForbiddenError();
    const scopes = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_SCOPES, targets);
    // The `admin` scope is a superset: an admin key may call whatever an admin user may.
    const lacksScope = (scope: string) =>
      !principal.scopes.includes(scope) && !principal.scopes.includes('admin');
    if (principal.kind === 'api_key' && scopes?.some(lacksScope)) {
      throw new ForbiddenError(`This API key lacks a required scope (${scopes.join(', ')})`);
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
