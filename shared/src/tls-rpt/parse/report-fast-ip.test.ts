import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalIpv6Fast, isIpv4Fast } from './report-fast-ip.js';
import { formatIpv6, isIpv4, readIp } from './report-values.js';

describe('RFC 8460 §4.4 IP addresses, the shortcuts of the fast path', () => {
  it('isIpv4Fast answers as the IPv4address pattern does', () => {
    for (const text of [
      '192.0.2.1',
      '0.0.0.0',
      '255.255.255.255',
      '010.0.0.1',
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '1..2.3',
      '1.2.3.4 ',
      '',
      '١.2.3.4',
    ]) {
      expect(isIpv4Fast(text), text).toBe(isIpv4(text));
    }
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.'), maxLength: 17 }), (text) => {
        expect(isIpv4Fast(text)).toBe(isIpv4(text));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        expect(isIpv4Fast(text)).toBe(isIpv4(text));
      }),
      { numRuns: 200 },
    );
  });

  it('isCanonicalIpv6Fast is true only for RFC 5952 forms, and true for those', () => {
    for (const text of [
      '2001:db8::1',
      '::',
      '::1',
      '1::',
      'fe80::1:0:0:1',
      '2001:db8:0:0:1::1',
      '1:0:0:2::3',
    ]) {
      const reading = readIp(text);
      expect(isCanonicalIpv6Fast(text), text).toBe(reading.kind === 'ipv6' && reading.canonical === text);
    }
    expect(isCanonicalIpv6Fast('2001:db8::1')).toBe(true);
    expect(isCanonicalIpv6Fast('2001:DB8::1')).toBe(false);
    expect(isCanonicalIpv6Fast('2001:db8:0:0::1')).toBe(false);
    expect(isCanonicalIpv6Fast('::ffff:c000:201')).toBe(false);
    const groups = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
      minLength: 8,
      maxLength: 8,
    });
    fc.assert(
      fc.property(groups, (g) => {
        const canonical = formatIpv6(g);
        expect(isCanonicalIpv6Fast(canonical)).toBe(!canonical.includes('.'));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'), maxLength: 40 }),
        (text) => {
          if (isCanonicalIpv6Fast(text)) {
            expect(readIp(text)).toEqual({ kind: 'ipv6', canonical: text });
          }
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const reading = readIp(text);
        expect(isCanonicalIpv6Fast(text)).toBe(
          reading.kind === 'ipv6' && reading.canonical === text && !text.includes('.'),
        );
      }),
      { numRuns: 300 },
    );
  });
});
