import type { UserRole } from '../auth.decorators';

/** What an API key may be granted. Contexts protect routes with `@Scopes(...)` from this list. */
export const API_KEY_SCOPES = ['billing:send', 'billing:read', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A key acts as an operator unless it holds the `admin` scope. */
export function roleOfScopes(scopes: readonly string[]): UserRole {
  return scopes.includes('admin') ? 'admin' : 'operator';
}
