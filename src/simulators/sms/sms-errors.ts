import type { Response } from 'express';

/**
 * Assertiva's error format is not publicly documented (integrations notes §6.1, §8). The simulator
 * answers in the OAuth2 style its token endpoint implies (RFC 6749 §5.2 / RFC 6750 §3): `{error,
 * error_description}` plus extra fields where useful. A client must not depend on more than the status.
 */
export interface SmsErrorBody {
  error: string;
  error_description: string;
  [extra: string]: unknown;
}

export function sendSmsError(res: Response, status: number, body: SmsErrorBody): void {
  if (status === 401 && body.error === 'invalid_token') {
    res.set(
      'WWW-Authenticate',
      `Bearer error="invalid_token", error_description="${body.error_description}"`,
    );
  }
  res.status(status).json(body);
}

export const smsErrors = {
  invalidClient: { error: 'invalid_client', error_description: 'Client authentication failed' },
  unsupportedGrant: {
    error: 'unsupported_grant_type',
    error_description: 'grant_type must be client_credentials',
  },
  invalidToken: {
    error: 'invalid_token',
    error_description: 'The access token is missing, invalid or expired',
  },
  invalidJson: { error: 'invalid_request', error_description: 'The request body is not valid JSON' },
  tooManyRequests: { error: 'too_many_requests', error_description: 'Too many requests' },
  invalidRequest: (field: string, description: string): SmsErrorBody => ({
    error: 'invalid_request',
    error_description: description,
    field,
  }),
  invalidNumber: (numbers: string[]): SmsErrorBody => ({
    error: 'invalid_number',
    error_description: 'Invalid destination number(s); nothing was sent',
    numbers,
  }),
} satisfies Record<string, SmsErrorBody | ((...args: never[]) => SmsErrorBody)>;
