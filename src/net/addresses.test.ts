import { describe, expect, it } from 'vitest';
import { classifyAddress, isAddressAllowed, parseAddressLiteral, parseAllowance } from './addresses.ts';

/** Literals only: nothing here opens a socket. */
const verdict = (literal: string) => {
  const address = parseAddressLiteral(literal);
  if (!address) throw new Error(`not an address: ${literal}`);
  return classifyAddress(address);
};

describe('address classifier', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['192.88.99.1', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('refuses IPv4 %s (%s)', (literal, range) => {
    expect(verdict(literal)).toEqual({ allowed: false, range });
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.1.1',
    '11.0.0.1',
  ])('allows public IPv4 %s', (literal) => {
    expect(verdict(literal)).toEqual({ allowed: true });
  });

  it.each([
    ['2130706433', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['0X7F000001', 'loopback'],
    ['017700000001', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['127.1', 'loopback'],
    ['127.0.1', 'loopback'],
    ['127.0.0.1.', 'loopback'],
    ['0', 'unspecified'],
    ['3232235777', 'private'], // 192.168.1.1
    ['0xa9fea9fe', 'link-local'], // 169.254.169.254
    ['012.0.0.1', 'private'], // octal 10.0.0.1
    ['0xA.0.0.1', 'private'],
  ])('normalises the spelling %s and refuses it (%s)', (literal, range) => {
    expect(verdict(literal)).toEqual({ allowed: false, range });
  });

  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'reserved'],
    ['2002:7f00:1::1', '6to4'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    ['100::1', 'discard'],
    ['4000::1', 'reserved'],
    ['::ffff:127.0.0.1', 'IPv6 form of a loopback address'],
    ['[::ffff:7f00:1]', 'IPv6 form of a loopback address'],
    ['::ffff:10.0.0.1', 'IPv6 form of a private address'],
    ['::ffff:169.254.169.254', 'IPv6 form of a link-local address'],
    ['::ffff:0:127.0.0.1', 'IPv6 form of a loopback address'], // IPv4-translated
    ['64:ff9b::127.0.0.1', 'IPv6 form of a loopback address'], // NAT64
    ['64:ff9b::192.168.0.1', 'IPv6 form of a private address'],
    ['::127.0.0.1', 'IPv6 form of a loopback address'], // IPv4-compatible
    ['::10.1.2.3', 'IPv6 form of a private address'],
  ])('refuses IPv6 %s (%s)', (literal, range) => {
    expect(verdict(literal)).toEqual({ allowed: false, range });
  });

  it.each(['2606:4700:4700::1111', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'allows public IPv6 %s',
    (literal) => {
      expect(verdict(literal)).toEqual({ allowed: true });
    },
  );

  it('reads host names as names, not addresses', () => {
    expect(parseAddressLiteral('example.org')).toBeUndefined();
    expect(parseAddressLiteral('localhost')).toBeUndefined();
    expect(parseAddressLiteral('1.2.3.example')).toBeUndefined();
  });
});

describe('FEED_ALLOW_PRIVATE', () => {
  const loopback = parseAddressLiteral('127.0.0.1')!;
  it('allows exactly the listed addresses, ranges and host names', () => {
    const allow = parseAllowance(['127.0.0.1', '10.1.0.0/16', 'intranet.example', 'fd00::/8']);
    expect(isAddressAllowed(loopback, undefined, allow).allowed).toBe(true);
    expect(isAddressAllowed(parseAddressLiteral('127.0.0.2')!, undefined, allow).allowed).toBe(false);
    expect(isAddressAllowed(parseAddressLiteral('::ffff:127.0.0.1')!, undefined, allow).allowed).toBe(true);
    expect(isAddressAllowed(parseAddressLiteral('::1')!, undefined, allow).allowed).toBe(false);
    expect(isAddressAllowed(parseAddressLiteral('10.1.200.3')!, undefined, allow).allowed).toBe(true);
    expect(isAddressAllowed(parseAddressLiteral('10.2.0.1')!, undefined, allow).allowed).toBe(false);
    expect(isAddressAllowed(parseAddressLiteral('fd00::5')!, undefined, allow).allowed).toBe(true);
    expect(isAddressAllowed(parseAddressLiteral('192.168.0.4')!, 'Intranet.Example.', allow).allowed).toBe(true);
    expect(isAddressAllowed(parseAddressLiteral('192.168.0.4')!, 'other.example', allow).allowed).toBe(false);
  });

  it('names a bad CIDR', () => {
    expect(() => parseAllowance(['10.0.0.0/99'])).toThrow(/FEED_ALLOW_PRIVATE/);
  });
});
