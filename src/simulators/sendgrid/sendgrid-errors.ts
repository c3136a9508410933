import type { Response } from 'express';

/** One entry of SendGrid's `{"errors":[...]}` list; `field` is null when the error is not about a field. */
export interface SendgridError {
  message: string;
  field: string | null;
  help: string | null;
}

const HELP = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';

export function fieldError(field: string | null, message: string, anchor?: string): SendgridError {
  return { message, field, help: anchor === undefined ? null : `${HELP}#${anchor}` };
}

/** Fixed answers whose wording follows SendGrid's docs (§5 of the integrations notes). */
export const sendgridErrors = {
  authorizationRequired: fieldError(null, 'authorization required'),
  invalidGrant: fieldError(null, 'The provided authorization grant is invalid, expired, or revoked'),
  accessForbidden: fieldError(null, 'access forbidden'),
  badJson: fieldError(null, 'Bad Request'),
  tooLarge: fieldError(null, 'Email size limit exceeded. Limit is 30MB.'),
  tooManyRequests: fieldError(null, 'too many requests'),
} satisfies Record<string, SendgridError>;

export function sendSendgridErrors(res: Response, status: number, errors: SendgridError[]): void {
  res.status(status).json({ errors });
}
