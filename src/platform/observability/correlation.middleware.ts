import type { NextFunction, Request, Response } from 'express';
import { ExecutionContext } from '../../shared/context/execution-context';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function headerId(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && SAFE_ID.test(value) ? value : undefined;
}

/**
 * Registered first (plain express middleware), so everything that serves the request — logger,
 * guards, handlers, the commands and events they raise — runs inside one ExecutionContext.
 * Incoming `X-Request-Id` / `X-Correlation-Id` are honoured when well formed.
 */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const requestId = headerId(req, 'x-request-id') ?? ExecutionContext.newId();
  const correlationId = headerId(req, 'x-correlation-id') ?? requestId;
  (req as Request & { id: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  res.setHeader('X-Correlation-Id', correlationId);
  ExecutionContext.run({ correlationId, requestId }, next);
}
