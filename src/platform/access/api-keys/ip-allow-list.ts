import { BlockList, isIP } from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** `::ffff:10.1.2.3` (an IPv4 client on a dual-stack socket) is matched as `10.1.2.3`. */
export function normalizeClientIp(ip: string): string {
  return MAPPED_IPV4.exec(ip)?.[1] ?? ip;
}

/**
 * An allow-list entry: an IPv4/IPv6 address or a CIDR block. Returns its canonical text
 * (lowercase, no spaces), or undefined when it is neither.
 */
export function parseIpRule(value: string): string | undefined {
  const text = value.trim().toLowerCase();
  const [address, prefix, extra] = text.split('/');
  if (!address || extra !== undefined) return undefined;
  const family = isIP(address);
  if (family === 0) return undefined;
  if (prefix === undefined) return address;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128)) return undefined;
  return `${address}/${Number(prefix)}`;
}

/** Whether `clientIp` falls in one of `rules` (already canonical). An empty list allows everyone. */
export function ipAllowed(clientIp: string, rules: readonly string[]): boolean {
  if (rules.length === 0) return true;
  const ip = normalizeClientIp(clientIp);
  const family = isIP(ip);
  if (family === 0) return false;
  const list = new BlockList();
  for (const rule of rules) {
    const [address, prefix] = rule.split('/') as [string, string | undefined];
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}
