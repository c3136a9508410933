/**
 * What an API key may be granted; every route declares one with `@RequireScope(...)`. `<area>:read`
 * reads an area, `<area>:write` runs its operator actions, `admin` includes them all and is the only
 * scope for what needs an admin user (settings, flows, templates, users, keys, integrations).
 */
export const API_KEY_SCOPES = [
  'billing:read',
  'billing:send',
  'notifications:read',
  'notifications:write',
  'ixc:read',
  'ixc:write',
  'enforcement:read',
  'enforcement:write',
  'payments:read',
  'debtors:read',
  'debtors:write',
  'cases:read',
  'cases:write',
  'admin',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
