import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

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
export const REQUIRED_SCOPES = 'regua:scopes';

/** The route needs no credentials (health, metrics, login). Every other route does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these user roles (or API keys with the matching scopes) may call the route. */
export const Roles = (...roles: UserRole[]) => SetMetadata(REQUIRED_ROLES, roles);
/** API keys need these scopes; users are checked by role. */
export const Scopes = (...scopes: string[]) => SetMetadata(REQUIRED_SCOPES, scopes);

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
