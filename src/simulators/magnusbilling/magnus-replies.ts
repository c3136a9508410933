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

/**
 * A failed SQL statement escapes Yii as an uncaught CDbException: HTTP 500 with the MySQL message.
 * The observed server's page was not recorded; the message is what MariaDB says for the same query.
 */
export function sqlError(message: string): MagnusReply {
  return text(`CDbCommand failed to execute the SQL statement: ${message}`, 500);
}

/**
 * PHP 8 dies with a TypeError when the first filter is a string filter (integrations.md §9). The exact
 * message on the observed server was not recorded; clients only need to see a 500 that is not JSON.
 */
export const STRING_FILTER_FATAL =
  'PHP Fatal error:  Uncaught TypeError: Cannot access offset of type string on string in ' +
  '/var/www/html/mbilling/protected/components/BaseController.php:683\nStack trace:\n' +
  '#0 /var/www/html/mbilling/protected/components/BaseController.php(312): BaseController->createCondition()\n' +
  '#1 {main}\n  thrown in /var/www/html/mbilling/protected/components/BaseController.php on line 683';

export function send(res: Response, reply: MagnusReply): void {
  res.status(reply.status);
  res.setHeader('Content-Type', MAGNUS_CONTENT_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(reply.body));
  // res.end, not res.send: Express would hash a large page to build an ETag Apache never sends.
  res.end(reply.body);
}
