import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeJsonValue,
  formatBytes,
  formatIpv6,
  isAbsoluteUri,
  isALabelDomain,
  isCount,
  isEmailAddress,
  isIpv4,
  isStsPolicyLine,
  isTlsaEntry,
  parseIpv6,
  readDateTime,
  readIp,
} from './report-values.js';

describe('RFC 3339 §5.6 date-time (RFC 8460 §4.4 date-range)', () => {
  it.each([
    ['2016-04-01T00:00:00Z', Date.UTC(2016, 3, 1)],
    ['2016-04-01t00:00:00z', Date.UTC(2016, 3, 1)],
    ['2016-04-01T23:59:59Z', Date.UTC(2016, 3, 1, 23, 59, 59)],
    ['2016-04-01T02:00:00+02:00', Date.UTC(2016, 3, 1)],
    ['2016-03-31T19:30:00-04:30', Date.UTC(2016, 3, 1)],
    ['2016-04-01T00:00:00.5Z', Date.UTC(2016, 3, 1, 0, 0, 0, 500)],
    ['2016-04-01T00:00:00.123456Z', Date.UTC(2016, 3, 1, 0, 0, 0, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2016-12-31T23:59:60Z', Date.UTC(2017, 0, 1)],
  ])('%s is a date-time', (text, ms) => {
    expect(readDateTime(text)).toEqual({ kind: 'date-time', ms });
  });

  it('reads years below 100 as written, not as 19xx', () => {
    expect(readDateTime('0099-01-01T00:00:00Z')).toEqual({
      kind: 'date-time',
      ms: Date.parse('0099-01-01T00:00:00Z'),
    });
  });

  it.each([
    ['2016-04-01T00:00:00', Date.UTC(2016, 3, 1)],
    ['2016-04-01T23:59:59.9', Date.UTC(2016, 3, 1, 23, 59, 59, 900)],
  ])('%s has no offset and is read as UTC (RPT106)', (text, ms) => {
    expect(readDateTime(text)).toEqual({ kind: 'no-offset', ms });
  });

  it.each([
    '2016-04-01',
    '2016-04-01 00:00:00Z',
    '2016-4-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2016-04-31T00:00:00Z',
    '2016-13-01T00:00:00Z',
    '2016-04-01T24:00:00Z',
    '2016-04-01T00:60:00Z',
    '2016-04-01T00:00:61Z',
    '2016-04-01T00:00:00+24:00',
    '2016-04-01T00:00:00+0200',
    '2016-04-01T00:00:00.Z',
    '1459468800',
    '',
  ])('%j is not a date-time (RPT105)', (text) => {
    expect(readDateTime(text)).toEqual({ kind: 'invalid' });
  });

  it('agrees with Date.parse on every valid UTC date-time', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        (d) => {
          const text = d.toISOString();
          expect(readDateTime(text)).toEqual({ kind: 'date-time', ms: d.getTime() });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('RFC 8460 §4.4 ip-address', () => {
  it.each(['0.0.0.0', '198.51.100.62', '255.255.255.255', '10.0.0.1'])('%s is IPv4', (ip) => {
    expect(isIpv4(ip)).toBe(true);
    expect(readIp(ip)).toEqual({ kind: 'ipv4' });
  });

  it.each(['198.051.100.7', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1.2.3.4 ', ' 1.2.3.4', '', '0x7f.0.0.1'])(
    '%j is not an IP address (RPT122)',
    (ip) => {
      expect(readIp(ip)).toEqual({ kind: 'invalid' });
    },
  );

  it.each([
    ['2001:db8::1', '2001:db8::1'],
    ['2001:db8:abcd:0012::1', '2001:db8:abcd:12::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['::ffff:c000:201', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('%s is IPv6 with RFC 5952 form %s', (ip, canonical) => {
    expect(readIp(ip)).toEqual({ kind: 'ipv6', canonical });
  });

  it.each([
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':1::2',
    '1:2:3:4:5:6:7',
    '12345::1',
    'fe80::1%eth0',
    'g::1',
    '::1.2.3',
  ])('%j is not an IPv6 address', (ip) => {
    expect(parseIpv6(ip)).toBeUndefined();
    expect(readIp(ip).kind).toBe('invalid');
  });

  it('the canonical form is a fixed point and parses back to the same groups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
          minLength: 8,
          maxLength: 8,
        }),
        (groups) => {
          const text = formatIpv6(groups);
          expect(parseIpv6(text)).toEqual(groups);
          expect(readIp(text)).toEqual({ kind: 'ipv6', canonical: text });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('RFC 8460 §4.4 domain (A-labels)', () => {
  it.each([
    'example.com',
    'company-y.example',
    'xn--bcher-kva.example',
    'example.com.',
    'localhost',
    'a1.b2',
  ])('%s is a domain in A-label form', (name) => {
    expect(isALabelDomain(name)).toBe(true);
  });
  it.each([
    'bücher.example',
    'https://example.com/',
    'example .com',
    '',
    '.',
    '-a.example',
    'a-.example',
    'a..example',
    '_mta-sts.example.com',
    '192.0.2.1',
    `${'a'.repeat(64)}.example`,
    `${'a.'.repeat(127)}ab`,
  ])('%j is not', (name) => {
    expect(isALabelDomain(name)).toBe(false);
  });
});

describe('RFC 5322 §3.4.1 addr-spec (RFC 8460 §4.4 contact-info)', () => {
  it.each([
    'sts-reporting@company-x.example',
    'tls_support@corp.mail.ru',
    'first.last+tag@example.com',
    '"quoted local"@example.com',
    'postmaster@[192.0.2.1]',
    'root@localhost',
  ])('%s is an address', (value) => {
    expect(isEmailAddress(value)).toBe(true);
  });
  it.each([
    'https://company-x.example/contact',
    'mailto:tls@example.com',
    'Company X',
    'a@b@c',
    '@example.com',
    'a@',
    'a b@example.com',
    'a..b@example.com',
    'Tls <tls@example.com>',
    '',
  ])('%j is not', (value) => {
    expect(isEmailAddress(value)).toBe(false);
  });
});

describe('RFC 3986 §4.3 absolute URI (RFC 8460 §4.4 additional-information)', () => {
  it.each([
    'https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported',
    'urn:uuid:5065427c-23d3-47ca-b6e0-946ea0e8c4be',
    'https://example.com/a%20b',
    'mailto:',
  ])('%s is an absolute URI', (value) => {
    expect(isAbsoluteUri(value)).toBe(true);
  });
  it.each([
    'https://reports.company-x.example/report_info ? id = 5065427 c - 23 d3# StarttlsNotSupported ',
    '/relative/path',
    'reports.example.com/info',
    '',
    'https://example.com/%zz',
    'https://example.com/ü',
    '1http://example.com',
  ])('%j is not', (value) => {
    expect(isAbsoluteUri(value)).toBe(false);
  });
});

describe('RFC 8460 §4.5 policy strings', () => {
  it.each([
    'version: STSv1',
    'mode: testing',
    'mx: *.mail.company-y.example',
    'max_age: 86400',
    'mode:enforce',
    'x.y_z-1: some value ',
  ])('sts line %j is key: value', (line) => {
    expect(isStsPolicyLine(line)).toBe(true);
  });
  it.each(['mode enforce', 'mode:', 'mode:   ', ' mode: testing', ': testing', 'mx: a\nmx: b', ''])(
    'sts line %j is not (RPT114)',
    (line) => {
      expect(isStsPolicyLine(line)).toBe(false);
    },
  );
  it.each([
    '3 0 1 1F850A337E6DB9C609C522D136A475638CC43E1ED424F8EEC8513D747D1D085D',
    '2 1 2 ab',
    '3  1  1  00ff',
  ])('tlsa entry %j is usage selector mtype hex', (entry) => {
    expect(isTlsaEntry(entry)).toBe(true);
  });
  it.each([
    '3 0 1 1F850A33 7E6D',
    '3 0 1 (1F85)',
    '3 0 1',
    '256 0 1 00',
    '3 0 1 abc',
    '3 0 1 xyz0',
    'TLSA 3 0 1 00',
  ])('tlsa entry %j is not (RPT115)', (entry) => {
    expect(isTlsaEntry(entry)).toBe(false);
  });
});

describe('RFC 8460 §4.4 counts and RPT104 descriptions', () => {
  it.each([
    [0, true],
    [5326, true],
    [-1, false],
    [1.5, false],
    [2 ** 53, false],
    [Infinity, false],
    ['5', false],
    [null, false],
  ])('isCount(%j) is %s', (value, expected) => {
    expect(isCount(value)).toBe(expected);
  });

  it.each([
    ['1200', 'a string ("1200")'],
    [-4, 'a negative number (-4)'],
    [1.5, 'a number with a fraction (1.5)'],
    [Infinity, 'a number too large for I-JSON'],
    [2 ** 60, 'a number too large to count exactly (1152921504606847000)'],
    [7, 'a number (7)'],
    [null, 'null'],
    [true, '`true`'],
    [{}, 'an object'],
    [[], 'an array'],
    ['x'.repeat(50), `a string ("${'x'.repeat(40)}…")`],
  ])('describes %j as %s', (value, text) => {
    expect(describeJsonValue(value)).toBe(text);
  });

  it.each([
    [64 * 1024 * 1024, '64 MiB'],
    [1536, '1.5 KiB'],
    [100, '100 bytes'],
    [10 * 1024 ** 3, '10 GiB'],
  ])('formatBytes(%d) is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
