import { isIP, isIPv4 } from 'node:net';
import type { Request } from 'express';
import type { IxcState } from './ixc-state';

export type AuthOutcome = 'ok' | 'unauthorized' | 'notBasic' | 'ipNotAllowed';

/**
 * HTTP Basic with `<numeric user id>:<token>` (integrations.md §1.1). A scheme other than Basic is a
 * 400, a missing or wrong credential a 401; then the user's group may only log in from its allowed
 * networks, which IXC reports as a `type:error` body with HTTP 200.
 */
export function authenticate(state: IxcState, req: Request): AuthOutcome {
  const header = req.headers.authorization;
  if (!header) return 'unauthorized';
  const [scheme, encoded = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() !== 'basic') return 'notBasic';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return 'unauthorized';
  const user = decoded.slice(0, colon);
  const token = decoded.slice(colon + 1);
  if (!/^\d+$/.test(user) || state.credentials.get(user) !== token) return 'unauthorized';
  if (state.ipAllowList.length > 0 && !ipAllowed(clientIp(req), state.ipAllowList)) return 'ipNotAllowed';
  return 'ok';
}

/** An allow-list entry: an IP literal, or an IPv4 network in CIDR form (`10.0.0.0/8`). */
export function isIpRule(rule: string): boolean {
  const [ip, bits, extra] = rule.split('/');
  if (extra !== undefined) return false;
  if (bits === undefined) return isIP(ip) !== 0;
  return isIPv4(ip) && /^\d{1,2}$/.test(bits) && Number(bits) <= 32;
}

function ipAllowed(ip: string, rules: string[]): boolean {
  return rules.some((rule) => {
    const [network, bits] = rule.split('/');
    if (bits === undefined) return normalise(network) === ip;
    if (!isIPv4(ip)) return false;
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    return (ipv4Number(ip) & mask) >>> 0 === (ipv4Number(network) & mask) >>> 0;
  });
}

function clientIp(req: Request): string {
  return normalise(req.socket.remoteAddress ?? '');
}

/** `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is 127.0.0.1. */
function normalise(ip: string): string {
  return ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip.toLowerCase();
}

function ipv4Number(ip: string): number {
  return ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}
