import type { Response } from 'express';
import { phpJsonEncode } from './magnus-php-values';

/**
 * How MagnusBilling answers (integrations.md §2.4, §9): PHP `echo`/`exit()` under Apache, so every
 * body — JSON included — is served as `text/html; charset=UTF-8`, and auth failures are plain text with
 * HTTP 200. Clients must judge the body, never the status or the content type.
 */

export const MAGNUS_CONTENT_TYPE = 'text/html; charset=UTF-8';

export const MAGNUS_MESSAGES = {
  invalidAccess: 'invalid API access',
  invalidIp: 'invalid IP',
  invalidAction: 'invalid API action',
  noSession: 'Access denied to All action in All modules',
  onePerTime: 'You only can edit one data per time',
  success: 'Operation was successful.',
  notFound: 'Record not found.',
} as const;

/** What a handler answers: a status and a body already in wire form. */
export interface MagnusReply {
  status: number;
  body: string;
}

export function text(body: string, status = 200): MagnusReply {
  return { status, body };
}

export function json(value: unknown): MagnusReply {
  return { status: 200, body: phpJsonEncode(value) };
}

/** The group lacks the module: `BaseController::checkActionAccess` (note the space only for updates). */
export function accessDenied(module: string, action: string): MagnusReply {
  if (action === 'save') return text(`Access denied to canUpdate in module: ${module}`, 401);
  if (action === 'destroy') return text(`Access denied to delete in module:${module}`, 401);
  return text(`Access denied to canRead in module:${module}`, 401);
}

/** Yii's answer for an action the controller does not have. */
export function unknownAction(action: string): MagnusReply {
  return text(`The system is unable to find the requested action "${action}".`, 404);
}

export function send(res: Response, reply: MagnusReply): void {
  res.status(reply.status);
  res.setHeader('Content-Type', MAGNUS_CONTENT_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(reply.body));
  // res.end, not res.send: Express would hash a large page to build an ETag Apache never sends.
  res.end(reply.body);
}
