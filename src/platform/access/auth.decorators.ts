import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { ApiKeyScope } from './api-keys/api-key-scopes';

export type UserRole = 'admin' | 'operator';

/** Who is calling: a logged-in user (JWT) or a machine (API key). Always bound to one tenant. */
export interface Principal {
  kind: 'user' | 'api_key';
  tenantId: string;
  role: UserRole;
  /** API key scopes; users have none (their role decides). */
  scopes: string[];
  userId?: string;
  apiKeyId?: string;
}

export const IS_PUBLIC = 'regua:public';
export const REQUIRED_ROLES = 'regua:roles';
export const REQUIRED_SCOPE = 'regua:scope';
export const ANY_PRINCIPAL = 'regua:any-principal';

/** The route needs no credentials (health, metrics, login). Every other route does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only users with these roles may call the route (API keys are judged by scope). */
export const Roles = (...roles: UserRole[]) => SetMetadata(REQUIRED_ROLES, roles);
/**
 * What an API key needs to call the route (`admin` includes every scope); users are judged by
 * `@Roles()`. Every route that is not `@Public()` declares a scope or `@AnyPrincipal()`: the guard
 * refuses the others.
 */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(REQUIRED_SCOPE, scope);
/** Any authenticated caller, whatever its role or scopes (e.g. "who am I"). */
export const AnyPrincipal = () => SetMetadata(ANY_PRINCIPAL, true);
/** Admin users, and API keys with the `admin` scope. */
export const AdminOnly = () => applyDecorators(Roles('admin'), RequireScope('admin'));

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});

/** An HTTP request after the access guard ran. */
export interface AuthenticatedRequest {
  principal?: Principal;
}

/** A stable name for the caller: `user:<id>` or `api_key:<id>`. */
export function principalRef(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.userId}` : `api_key:${principal.apiKeyId}`;
}
