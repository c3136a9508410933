import type { IncomingHttpHeaders } from 'node:http';
import { UnauthenticatedError } from '../access.errors';
import { API_KEY_START } from '../api-keys/api-key-token';

export type PresentedCredential = { kind: 'jwt'; token: string } | { kind: 'api_key'; token: string };

/** The header the replaced WhatsApp billing API used for its keys; still accepted. */
const BILLING_API_KEY_HEADER = 'x-billing-api-key';

const BEARER = /^Bearer +([^\s]+) *$/i;

/**
 * Reads the one credential a request carries: `Authorization: Bearer <jwt | api key>` or
 * `X-Billing-API-Key: <api key>`. Undefined when there is none; 401 when it is malformed or when both
 * headers are sent (which one would be meant is ambiguous).
 */
export function presentedCredential(headers: IncomingHttpHeaders): PresentedCredential | undefined {
  const authorization = headers.authorization;
  const billingKey = headers[BILLING_API_KEY_HEADER];
  if (authorization !== undefined && billingKey !== undefined) {
    throw new UnauthenticatedError('Send either Authorization or X-Billing-API-Key, not both');
  }
  if (typeof billingKey === 'string') return { kind: 'api_key', token: billingKey.trim() };
  if (billingKey !== undefined) throw new UnauthenticatedError();
  if (authorization === undefined) return undefined;
  const token = BEARER.exec(authorization)?.[1];
  if (!token) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
  return token.startsWith(API_KEY_START) ? { kind: 'api_key', token } : { kind: 'jwt', token };
}
