import { BlockList, isIP } from 'node:net';

/** Where an address points, as far as calling it from Régua is concerned. */
export type AddressRange =
  'public' | 'private' | 'loopback' | 'link_local' | 'unspecified' | 'multicast' | 'reserved';

const RANGES: Array<[Exclude<AddressRange, 'public'>, 'ipv4' | 'ipv6', string, number]> = [
  ['unspecified', 'ipv4', '0.0.0.0', 8],
  ['unspecified', 'ipv6', '::', 128],
  ['loopback', 'ipv4', '127.0.0.0', 8],
  ['loopback', 'ipv6', '::1', 128],
  // 169.254.169.254 is the cloud metadata service.
  ['link_local', 'ipv4', '169.254.0.0', 16],
  ['link_local', 'ipv6', 'fe80::', 10],
  ['multicast', 'ipv4', '224.0.0.0', 4],
  ['multicast', 'ipv6', 'ff00::', 8],
  ['reserved', 'ipv4', '240.0.0.0', 4],
  ['private', 'ipv4', '10.0.0.0', 8],
  ['private', 'ipv4', '172.16.0.0', 12],
  ['private', 'ipv4', '192.168.0.0', 16],
  // Carrier-grade NAT: inside an ISP's own network, as private as 10/8.
  ['private', 'ipv4', '100.64.0.0', 10],
  ['private', 'ipv6', 'fc00::', 7],
];

const LISTS = RANGES.map(([range, type, network, prefix]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return { range, type, list };
});

const MAPPED_DOTTED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
const MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i;

/** `::ffff:127.0.0.1` and `::ffff:7f00:1` are IPv4 addresses in IPv6 clothing; `[::1]` loses its brackets. */
export function plainAddress(address: string): string {
  const bare = address.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const dotted = MAPPED_DOTTED.exec(bare)?.[1];
  if (dotted) return dotted;
  const hex = MAPPED_HEX.exec(bare);
  if (hex) {
    const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return bare;
}

/** The range of an IP address; undefined when `address` is not one. */
export function addressRange(address: string): AddressRange | undefined {
  const ip = plainAddress(address);
  const family = isIP(ip);
  if (family === 0) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return LISTS.find((entry) => entry.type === type && entry.list.check(ip, type))?.range ?? 'public';
}
