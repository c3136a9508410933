import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import type { OutboundUrlPolicy } from './outbound-url-policy';

/** The code of a connection refused by the outbound policy (it never left the process). */
export const OUTBOUND_REFUSED = 'EOUTBOUNDREFUSED';

export class OutboundAddressRefusedError extends Error {
  readonly code = OUTBOUND_REFUSED;
  constructor(host: string, problem: string) {
    super(`refused to connect: ${host} ${problem}`);
  }
}

let installed: OutboundUrlPolicy | undefined;

/**
 * The policy every guarded connection obeys, set once by the application at start (the deployment's
 * configuration is process-wide). Clients built outside the application (tests, tools) are unguarded.
 */
export function installOutboundPolicy(policy: OutboundUrlPolicy | undefined): void {
  installed = policy;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** dns.lookup, with every resolved address checked: a name resolving to 127.0.0.1 is refused too. */
function checkedLookup(policy: OutboundUrlPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const { address } of addresses) {
        const problem = policy.addressProblem(address);
        if (problem)
          return callback(
            new OutboundAddressRefusedError(hostname, `resolves to ${address}, which ${problem}`),
            [],
          );
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * The `connect` option of an undici Agent that calls tenant-configured URLs: the host (literal or
 * resolved) must pass the installed {@link OutboundUrlPolicy} before any byte is sent. Hosts the
 * deployment vouches for (its own environment's URLs, the demo simulators, its allow-list) pass as is.
 */
export function guardedConnect(options: buildConnector.BuildOptions = {}): buildConnector.connector {
  const direct = buildConnector(options);
  const connectors = new WeakMap<OutboundUrlPolicy, buildConnector.connector>();
  return (target, callback) => {
    const policy = installed;
    if (!policy) return direct(target, callback);
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    if (policy.endpointTrusted(target.hostname, port)) return direct(target, callback);
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host)) {
      const problem = policy.addressProblem(host);
      if (problem) return callback(new OutboundAddressRefusedError(host, problem), null);
      return direct(target, callback);
    }
    let checked = connectors.get(policy);
    if (!checked) {
      checked = buildConnector({ ...options, lookup: checkedLookup(policy) } as buildConnector.BuildOptions);
      connectors.set(policy, checked);
    }
    return checked(target, callback);
  };
}
