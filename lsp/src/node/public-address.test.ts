import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './public-address.js';

describe('policy fetch address policy (no loopback, private or otherwise non-public targets)', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '193.0.6.139',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '[2001:4860::8888]',
    '::ffff:8.8.8.8',
  ])('public: %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    ['0.0.0.0', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'RFC 1918'],
    ['172.16.0.1', 'RFC 1918'],
    ['192.168.1.1', 'RFC 1918'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'CGNAT (RFC 6598)'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'documentation (RFC 5737)'],
    ['198.51.100.1', 'documentation (RFC 5737)'],
    ['203.0.113.9', 'documentation (RFC 5737)'],
    ['198.18.0.1', 'benchmarking (RFC 2544)'],
    ['240.0.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique local (RFC 4193)'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation (RFC 3849)'],
    ['2001:2::1', 'benchmarking (RFC 5180)'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['64:ff9b::a00:1', 'NAT64 of a private address'],
    ['4000::1', 'outside 2000::/3'],
    ['not-an-ip', 'unparsable'],
    ['', 'empty'],
  ])('refused: %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});
