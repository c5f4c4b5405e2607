/**
 * The SSRF guard for webhooks (docs/api.md, "Webhooks"): a URL must be http(s) and every address its host resolves
 * to must be public. The check runs when an endpoint is created and again on every delivery, and the delivery
 * connects to the very address that was checked (the `lookup` below), so a name that re-resolves to 127.0.0.1
 * between the check and the connect (DNS rebinding) still cannot reach the operator's network.
 * `WEBHOOK_ALLOW_PRIVATE=true` turns the address check off (tests, or a receiver on the same private network).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** True for loopback, private, link-local, shared, documentation, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) reaches the IPv4 host it names.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
  return blocked.check(address, 'ipv6');
}

export class WebhookTargetError extends Error {}

/** Parses and checks a webhook URL's form (not its addresses): http or https, a host, no credentials. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new WebhookTargetError('http or https only');
  if (url.username || url.password) throw new WebhookTargetError('no credentials in the URL');
  if (!url.hostname) throw new WebhookTargetError('no host');
  return url;
}

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare)) return Promise.resolve([{ address: bare, family: isIP(bare) }]);
  return new Promise((resolve, reject) => {
    dnsLookup(bare, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(new WebhookTargetError(`cannot resolve ${bare}`)) : resolve(addresses),
    );
  });
}

/** Resolves the host and refuses it when any address is private; returns the addresses to connect to. */
export async function checkWebhookHost(hostname: string, allowPrivate: boolean): Promise<LookupAddress[]> {
  const addresses = await resolveAll(hostname);
  if (addresses.length === 0) throw new WebhookTargetError(`${hostname} has no address`);
  if (!allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw new WebhookTargetError(`${hostname} resolves to a private address (${bad.address})`);
  }
  return addresses;
}

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that answers with checked addresses only. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    checkWebhookHost(hostname, allowPrivate).then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: unknown) => callback(err as Error, ''),
    );
  };
}
