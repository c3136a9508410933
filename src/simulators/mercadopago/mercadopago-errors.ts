import type { Response } from 'express';

/**
 * Mercado Pago's two error envelopes (docs/integrations/payments.md §1.2): the payments service's
 * `{message, error, status, cause[]}` and the API gateway's bare `{code, message}` for a bad token.
 */
export interface MercadoPagoErrorBody {
  message: string;
  error: string;
  status: number;
  cause: Array<{ code: number; description: string; data: string | null }>;
}

/** `cause[].data` is the moment and a request id: `dd-mm-yyyyTHH:MM:SSUTC;<uuid>`. */
function causeData(now: Date, requestId: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${pad(now.getUTCDate())}-${pad(now.getUTCMonth() + 1)}-${now.getUTCFullYear()}`;
  const time = `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}`;
  return `${day}T${time}UTC;${requestId}`;
}

export function sendServiceError(
  res: Response,
  status: number,
  error: string,
  message: string,
  cause?: { code: number; now: Date; requestId: string },
): void {
  const body: MercadoPagoErrorBody = {
    message,
    error,
    status,
    cause: cause
      ? [{ code: cause.code, description: message, data: causeData(cause.now, cause.requestId) }]
      : [],
  };
  res.status(status).json(body);
}

/** A missing token: the service answers (cause code 5); a wrong one: the gateway's bare envelope. */
export function sendUnauthorized(res: Response, tokenSent: boolean, now: Date, requestId: string): void {
  if (tokenSent) {
    res.status(401).json({ code: 'unauthorized', message: 'invalid access token' });
    return;
  }
  sendServiceError(res, 401, 'unauthorized', 'Must provide your access_token to proceed', {
    code: 5,
    now,
    requestId,
  });
}
