import { BlockList, isIP } from 'node:net';
import { parseIpRule } from '../api-keys/ip-allow-list';
import { addressRange, plainAddress } from './address-ranges';

export interface OutboundUrlPolicyOptions {
  /** Private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) are reachable. */
  allowPrivateNetworks: boolean;
  /** Host names, `*.domain` patterns, addresses or CIDR blocks reachable whatever their range. */
  allowedHosts: readonly string[];
  /** URLs the deployment itself configured (environment, demo simulators): their host and port stay reachable. */
  trustedUrls: readonly string[];
}

const DEFAULT_PORTS: Record<string, string> = {
  'http:': '80',
  'https:': '443',
  'smtp:': '587',
  'smtps:': '465',
};

/** `host:port` of a URL, the way a connection sees it. */
function endpointOf(url: URL): string {
  return `${plainAddress(url.hostname)}:${url.port || DEFAULT_PORTS[url.protocol] || ''}`;
}

/**
 * Which hosts Régua may call on behalf of a tenant. Integration URLs come from tenant admins: without
 * this, one could point an integration at the host's own services (loopback, the broker's management
 * port, the cloud metadata service at 169.254.169.254) and read excerpts of their answers. Loopback,
 * link-local, unspecified, multicast and reserved addresses are refused unless the deployment
 * allow-lists them; private ranges only when it allows private networks (on-premises ERPs).
 */
export class OutboundUrlPolicy {
  readonly #allowPrivate: boolean;
  readonly #names: string[] = [];
  readonly #domains: string[] = [];
  readonly #blocks = new BlockList();
  readonly #trusted = new Set<string>();

  constructor(options: OutboundUrlPolicyOptions) {
    this.#allowPrivate = options.allowPrivateNetworks;
    for (const entry of options.allowedHosts.map((h) => h.trim().toLowerCase()).filter(Boolean)) {
      const rule = parseIpRule(entry.replace(/^\[(.*)\]$/, '$1'));
      if (rule) {
        const [address, prefix] = rule.split('/') as [string, string | undefined];
        const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
        if (prefix === undefined) this.#blocks.addAddress(address, type);
        else this.#blocks.addSubnet(address, Number(prefix), type);
      } else if (entry.startsWith('*.')) this.#domains.push(entry.slice(1));
      else this.#names.push(entry);
    }
    for (const url of options.trustedUrls) this.trust(url);
  }

  /** A URL the deployment configured itself (an environment variable, a built-in simulator). */
  trust(url: string): void {
    try {
      this.#trusted.add(endpointOf(new URL(url)));
    } catch {
      // Not a URL: nothing to trust (the environment schema reports malformed ones).
    }
  }

  /**
   * Why a tenant may not configure `value` (undefined when it may): checked when it is saved. Names
   * are checked again after DNS resolution, when they are called ({@link addressProblem}).
   */
  urlProblem(value: string, schemes: readonly string[] = ['http:', 'https:']): string | undefined {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return 'is not a URL';
    }
    if (!schemes.includes(url.protocol)) {
      return `must be ${schemes.map((s) => s.replace(':', '')).join(' or ')}, not ${url.protocol.replace(':', '')}`;
    }
    if (!url.hostname) return 'has no host';
    if (this.endpointTrusted(url.hostname, url.port || DEFAULT_PORTS[url.protocol] || '')) return undefined;
    const host = plainAddress(url.hostname);
    if (host === 'localhost' || host.endsWith('.localhost')) return 'points at a loopback address';
    return isIP(host) ? this.addressProblem(host) : undefined;
  }

  /** Whether the deployment vouches for this host (and port) whatever it resolves to. */
  endpointTrusted(hostname: string, port: string): boolean {
    const host = plainAddress(hostname);
    if (this.#trusted.has(`${host}:${port}`)) return true;
    return this.#names.includes(host) || this.#domains.some((domain) => host.endsWith(domain));
  }

  /** Why an address may not be called (undefined when it may). */
  addressProblem(address: string): string | undefined {
    const ip = plainAddress(address);
    const family = isIP(ip);
    if (family === 0) return 'is not an IP address';
    if (this.#blocks.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return undefined;
    const range = addressRange(ip);
    if (range === 'public' || (range === 'private' && this.#allowPrivate)) return undefined;
    const hint =
      range === 'private'
        ? ' (allow private networks with INTEGRATION_ALLOW_PRIVATE_NETWORKS or INTEGRATION_ALLOWED_HOSTS)'
        : '';
    return `points at a ${range?.replace('_', '-')} address${hint}`;
  }
}
