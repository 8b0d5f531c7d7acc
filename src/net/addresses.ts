import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which network addresses Commonplace may connect to on a member's behalf: public unicast only.
 * Everything else (loopback, private, link-local, CGNAT, multicast, reserved, documentation, and the
 * IPv6 forms that smuggle one of those in an embedded IPv4) is refused unless an operator allowed it.
 */

export type AddressVerdict = { readonly allowed: true } | { readonly allowed: false; readonly range: string };

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

const v4 = (cidr: string): Cidr => ipaddr.IPv4.parseCIDR(cidr);
const v6 = (cidr: string): Cidr => ipaddr.IPv6.parseCIDR(cidr);

/** IPv4 blocks that are not the public internet (IANA special-purpose registry), named for messages. */
const blockedV4: ReadonlyArray<readonly [string, Cidr]> = [
  ['unspecified', v4('0.0.0.0/8')],
  ['private', v4('10.0.0.0/8')],
  ['carrier-grade NAT', v4('100.64.0.0/10')],
  ['loopback', v4('127.0.0.0/8')],
  ['link-local', v4('169.254.0.0/16')],
  ['private', v4('172.16.0.0/12')],
  ['reserved', v4('192.0.0.0/24')],
  ['documentation', v4('192.0.2.0/24')],
  ['reserved', v4('192.31.196.0/24')],
  ['reserved', v4('192.52.193.0/24')],
  ['reserved', v4('192.88.99.0/24')],
  ['private', v4('192.168.0.0/16')],
  ['reserved', v4('192.175.48.0/24')],
  ['benchmarking', v4('198.18.0.0/15')],
  ['documentation', v4('198.51.100.0/24')],
  ['documentation', v4('203.0.113.0/24')],
  ['multicast', v4('224.0.0.0/4')],
  ['broadcast', v4('255.255.255.255/32')],
  ['reserved', v4('240.0.0.0/4')],
];

/** IPv6 blocks refused outright (before the "global unicast only" rule below). */
const blockedV6: ReadonlyArray<readonly [string, Cidr]> = [
  ['local-use NAT64', v6('64:ff9b:1::/48')],
  ['discard', v6('100::/64')],
  ['reserved', v6('2001::/23')],
  ['documentation', v6('2001:db8::/32')],
  ['6to4', v6('2002::/16')],
  ['documentation', v6('3fff::/20')],
  ['segment routing', v6('5f00::/16')],
  ['unique-local', v6('fc00::/7')],
  ['link-local', v6('fe80::/10')],
  ['site-local', v6('fec0::/10')],
  ['multicast', v6('ff00::/8')],
];

/** IPv6 prefixes whose low 32 bits are an IPv4 address: judged by that address. */
const embeddingV6: readonly Cidr[] = [
  v6('::ffff:0:0/96'), // IPv4-mapped
  v6('::ffff:0:0:0/96'), // IPv4-translated (RFC 6145)
  v6('64:ff9b::/96'), // NAT64 well-known prefix (RFC 6052)
  v6('::/96'), // IPv4-compatible (deprecated), also :: and ::1 — caught first below
];

/**
 * Reads an address the way a URL parser would: `2130706433`, `0x7f000001`, `017700000001`, `127.1`,
 * `[::ffff:127.0.0.1]` all come out as the address they stand for. Returns undefined for a host name.
 */
export function parseAddressLiteral(host: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  let h = host.trim();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (net.isIPv6(h)) return ipaddr.IPv6.parse(h.replace(/%.*$/, ''));
  // The WHATWG host parser normalises decimal, octal and hex IPv4 spellings (and trailing dots).
  let normalised: string;
  try {
    normalised = new URL(`http://${h.includes(':') ? `[${h}]` : h}/`).hostname;
  } catch {
    return undefined;
  }
  if (net.isIPv4(normalised)) return ipaddr.IPv4.parse(normalised);
  return undefined;
}

/** Whether one address is public unicast, and if not, which kind of range it is in. */
export function classifyAddress(address: ipaddr.IPv4 | ipaddr.IPv6): AddressVerdict {
  if (address.kind() === 'ipv4') {
    const a = address as ipaddr.IPv4;
    for (const [range, cidr] of blockedV4) if (a.match(cidr)) return { allowed: false, range };
    return { allowed: true };
  }
  const a = address as ipaddr.IPv6;
  if (a.toNormalizedString() === '0:0:0:0:0:0:0:0') return { allowed: false, range: 'unspecified' };
  if (a.toNormalizedString() === '0:0:0:0:0:0:0:1') return { allowed: false, range: 'loopback' };
  for (const prefix of embeddingV6) {
    if (a.match(prefix)) {
      const bytes = a.toByteArray().slice(12);
      const inner = classifyAddress(new ipaddr.IPv4(bytes));
      return inner.allowed ? inner : { allowed: false, range: `IPv6 form of a ${inner.range} address` };
    }
  }
  for (const [range, cidr] of blockedV6) if (a.match(cidr)) return { allowed: false, range };
  // Only 2000::/3 is allocated as global unicast; everything else is reserved.
  if (!a.match(v6('2000::/3'))) return { allowed: false, range: 'reserved' };
  return { allowed: true };
}

/** What an operator allowed although private: `FEED_ALLOW_PRIVATE` as host names and CIDRs. */
export interface PrivateAllowance {
  readonly hosts: ReadonlySet<string>;
  readonly cidrs: readonly Cidr[];
}

export function parseAllowance(entries: readonly string[]): PrivateAllowance {
  const hosts = new Set<string>();
  const cidrs: Cidr[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes('/')) {
      try {
        cidrs.push(ipaddr.parseCIDR(entry.replace(/^\[|\](?=\/)/g, '')));
      } catch {
        throw new Error(`FEED_ALLOW_PRIVATE: "${raw}" is not a valid CIDR`);
      }
      continue;
    }
    const literal = parseAddressLiteral(entry);
    if (literal) cidrs.push([literal, literal.kind() === 'ipv4' ? 32 : 128]);
    else hosts.add(entry.replace(/\.$/, ''));
  }
  return { hosts, cidrs };
}

export const noAllowance: PrivateAllowance = { hosts: new Set(), cidrs: [] };

/** Whether `address`, reached through `hostname`, may be connected to. */
export function isAddressAllowed(
  address: ipaddr.IPv4 | ipaddr.IPv6,
  hostname: string | undefined,
  allowance: PrivateAllowance,
): AddressVerdict {
  const verdict = classifyAddress(address);
  if (verdict.allowed) return verdict;
  if (hostname && allowance.hosts.has(hostname.toLowerCase().replace(/\.$/, ''))) return { allowed: true };
  for (const cidr of allowance.cidrs) {
    // An IPv4-mapped address matches an IPv4 allowance, as the socket would reach that IPv4.
    const candidate =
      address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && cidr[0].kind() === 'ipv4'
        ? (address as ipaddr.IPv6).toIPv4Address()
        : address;
    if (candidate.kind() === cidr[0].kind() && candidate.match(cidr)) return { allowed: true };
  }
  return verdict;
}
