import { createHmac } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { Request } from 'express';
import { phpHttpBuildQuery, type PhpArray } from './magnus-php-form';
import { phpCompareWithZero } from './magnus-php-values';
import { MAGNUS_MESSAGES, text, type MagnusReply } from './magnus-replies';
import type { MagnusState } from './magnus-state';

/**
 * `BaseController::init` + `ApiAccess::checkAuthentication` (integrations.md §2.1, §2.4). Order matters
 * and is PHP's: both `Key` and `Sign` headers or no API at all; an active key; the signature over PHP's
 * re-encoding of `$_POST`; the IP allow-list; the permission letter of the BODY's `action` field (not
 * the URL's); and "one record per save". Every refusal is `exit('<text>')`: HTTP 200, plain text.
 * The nonce only takes part in the signature: `$req['nonce'] = $_POST['nonce']` re-assigns it in place,
 * and a missing one is null, which `http_build_query` skips — so it is neither required nor checked.
 */
export function checkApiAccess(state: MagnusState, req: Request, form: PhpArray): MagnusReply | undefined {
  const key = header(req, 'key');
  const sign = header(req, 'sign');
  if (key === undefined || sign === undefined) return text(MAGNUS_MESSAGES.noSession);

  const api = state.apiKeys.get(key);
  if (!api || api.status !== 1) return text(MAGNUS_MESSAGES.invalidAccess);
  const expected = createHmac('sha512', api.apiSecret)
    .update(Buffer.from(phpHttpBuildQuery(form), 'latin1'))
    .digest('hex');
  if (sign !== expected) return text(MAGNUS_MESSAGES.invalidAccess);

  const restriction = api.ipRestriction.trim();
  if (restriction !== '' && !restriction.split(',').includes(remoteAddr(req))) {
    return text(MAGNUS_MESSAGES.invalidIp);
  }

  const action = form.get('action');
  const letter = permissionLetter(action, form.get('id'));
  if (letter !== undefined && !api.permissions.includes(letter)) return text(MAGNUS_MESSAGES.invalidAction);

  if (action === 'save') {
    const filter = form.get('filter');
    if (typeof form.get('id') === 'object' || (typeof filter === 'string' && filter !== '')) {
      return text(MAGNUS_MESSAGES.onePerTime);
    }
  }
  return undefined;
}

/**
 * `ApiAccess::checkPermissions`: save with `id == 0` (or none) creates, with `id > 0` updates. An action
 * it does not know leaves `$action` undefined and `preg_match('//')` lets it through.
 */
function permissionLetter(action: unknown, id: unknown): string | undefined {
  switch (action) {
    case 'read':
    case 'buy':
    case 'getNewUsername':
    case 'getNewPassword':
    case 'getNewPinCallingcard':
    case 'resendActivationEmail':
      return 'r';
    case 'destroy':
      return 'd';
    case 'liberar':
      return 'u';
    case 'save': {
      // An array id is greater than any number in PHP; a missing one is null, and null == 0.
      if (typeof id === 'object') return 'u';
      const sign = typeof id === 'string' ? phpCompareWithZero(id) : 0;
      return sign === 0 ? 'c' : sign > 0 ? 'u' : undefined;
    }
    default:
      return undefined;
  }
}

/** `$_SERVER['HTTP_KEY']`: PHP sees an empty header as set. */
function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** REMOTE_ADDR as Apache reports it: an IPv4 client on a dual-stack socket is plain IPv4. */
function remoteAddr(req: Request): string {
  const ip = req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
}
