import type { ErrorRequestHandler, Response } from 'express';
import type { FaultResponse } from './faults';
import { SimulatorInputError } from './simulator';

/** Writes a fault's body byte for byte: an HTML error page must reach the client exactly as configured. */
export function writeCanned(res: Response, response: FaultResponse): void {
  const isText = typeof response.body === 'string';
  res.status(response.status);
  res.setHeader(
    'Content-Type',
    response.contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'),
  );
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  res.end(typeof response.body === 'string' ? response.body : JSON.stringify(response.body));
}

/** JSON `{error}` for anything thrown in a simulator or the control API, instead of Express' HTML page. */
export const jsonErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const status = error instanceof SimulatorInputError ? 400 : (clientStatus(error) ?? 500);
  const message = error instanceof Error ? error.message : String(error);
  res.status(status).json({ error: message });
};

/** body-parser and friends attach a 4xx `status` to errors caused by the request itself. */
function clientStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = error.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
