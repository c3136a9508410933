import { createHmac } from 'node:crypto';
import { phpHttpBuildQuery } from './php-form';

/** A form body ready to send, and the headers that authenticate exactly those bytes. */
export interface SignedMagnusRequest {
  /** `/index.php/{module}/{action}`, appended to the connection's base URL */
  path: string;
  body: string;
  headers: { Key: string; Sign: string };
}

export interface MagnusRequestParts {
  module: string;
  action: string;
  /** the action's own fields, in the order they are sent; scalar strings only (PHP would turn arrays into `a[0]=…`) */
  params: ReadonlyArray<readonly [string, string]>;
  apiKey: string;
  apiSecret: string;
  /** defaults to {@link magnusNonce} of now */
  nonce?: string;
}

const ROUTE_PART = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Builds the request the official PHP client sends (integrations.md §2.1): the action params, then `module`,
 * `action` and `nonce`, encoded like PHP, signed with `HMAC-SHA512(body, apiSecret)` in lowercase hex (the
 * server compares with `===` against `hash_hmac`'s output).
 */
export function signedMagnusRequest(parts: MagnusRequestParts): SignedMagnusRequest {
  for (const part of [parts.module, parts.action]) {
    if (!ROUTE_PART.test(part)) throw new Error(`Magnus module/action must be alphanumeric, got "${part}"`);
  }
  const reserved = new Set(['module', 'action', 'nonce']);
  const clash = parts.params.find(([name]) => reserved.has(name));
  if (clash) throw new Error(`Magnus param "${clash[0]}" is set by the client itself`);
  const body = phpHttpBuildQuery([
    ...parts.params,
    ['module', parts.module],
    ['action', parts.action],
    ['nonce', parts.nonce ?? magnusNonce()],
  ]);
  return {
    path: `/index.php/${parts.module}/${parts.action}`,
    body,
    headers: { Key: parts.apiKey, Sign: magnusSign(body, parts.apiSecret) },
  };
}

/** `hash_hmac('sha512', $body, $secret)`: lowercase hex. */
export function magnusSign(body: string, apiSecret: string): string {
  return createHmac('sha512', apiSecret).update(body, 'utf8').digest('hex');
}

let lastNonce = 0n;

/**
 * Unix seconds followed by 6 microsecond digits, as the PHP client builds it from `microtime()`. The server
 * only uses it inside the signature (no replay check, §2.1), but it is kept strictly increasing within the
 * process so that a server that did check it would still accept every request.
 */
export function magnusNonce(): string {
  const now = BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000));
  const next = now > lastNonce ? now : lastNonce + 1n;
  lastNonce = next;
  return next.toString();
}
