import type { Response } from 'express';

/**
 * How IXC answers, byte for byte where it matters (integrations.md §1.5): business errors are HTTP 200
 * with `{"type":"error"}`, malformed requests get a red HTML `<div>` also with HTTP 200, and only
 * auth and routing problems use real status codes. Clients must parse the body, not the status.
 */

export const IXC_HTML_ERROR =
  '<div style="color:#FFFFFF;background:#FF0000;padding:10px;font-family:Arial;font-size:14px;">' +
  'Ocorreu um erro ao processar. Contate o suporte IXC Soft.</div>';

export const IP_NOT_ALLOWED_MESSAGE = 'Seu IP não está liberado para efetuar login!';

export interface IxcMessage {
  type: 'success' | 'error';
  message: string;
  [field: string]: string;
}

/** A failure a handler can return instead of answering itself. */
export type IxcFailure = { kind: 'html' } | { kind: 'error'; message: string };

export const htmlFailure: IxcFailure = { kind: 'html' };

export function errorMessage(message: string): IxcFailure {
  return { kind: 'error', message };
}

export function resourceUnavailable(table: string): string {
  return `Recurso ${table} não está disponível!`;
}

export function sendFailure(res: Response, failure: IxcFailure): void {
  if (failure.kind === 'html') sendHtmlError(res);
  else sendMessage(res, { type: 'error', message: failure.message });
}

/** The generic red `<div>` IXC prints for bad bodies, unknown fields and partial PUTs, with HTTP 200. */
export function sendHtmlError(res: Response): void {
  send(res, 200, 'text/html; charset=UTF-8', IXC_HTML_ERROR);
}

/** `{"type":...,"message":...}` answers; an integrator reports IXC serves them as `text/x-json`. */
export function sendMessage(res: Response, body: IxcMessage): void {
  send(res, 200, 'text/x-json; charset=UTF-8', JSON.stringify(body));
}

export function sendJson(res: Response, json: Buffer): void {
  send(res, 200, 'application/json; charset=UTF-8', json);
}

export function sendUnauthorized(res: Response): void {
  res.setHeader('WWW-Authenticate', 'Basic realm="IXCSoft"');
  send(res, 401, 'text/html; charset=UTF-8', statusPage(401, 'Authorization Required'));
}

/** Auth that is not HTTP Basic. */
export function sendBadRequest(res: Response): void {
  send(res, 400, 'text/html; charset=UTF-8', statusPage(400, 'Bad Request'));
}

/** A GET without `ixcsoft: listar`. */
export function sendNotFound(res: Response): void {
  send(res, 404, 'text/html; charset=UTF-8', statusPage(404, 'Not Found'));
}

/**
 * IXC has no documented rate limit and no rate-limit headers; the official collection blames 504s on
 * the server limiting requests (integrations.md §1.6), so an overloaded fake answers like its proxy.
 */
export function sendGatewayTimeout(res: Response): void {
  send(res, 504, 'text/html', GATEWAY_TIMEOUT_PAGE);
}

const GATEWAY_TIMEOUT_PAGE =
  '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n' +
  '<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

// res.end instead of res.send: Express would hash a multi-megabyte page to build an ETag.
function send(res: Response, status: number, contentType: string, body: string | Buffer): void {
  res.status(status);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

function statusPage(status: number, title: string): string {
  return `<html><head><title>${status} ${title}</title></head><body><h1>${status} ${title}</h1></body></html>`;
}
