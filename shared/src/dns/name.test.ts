import { describe, expect, it } from 'vitest';
import { lowerAscii, normalizeQueryName } from './name.js';

describe('RFC 1035 §2.3.4 query names', () => {
  it.each([
    ['Example.COM.', 'example.com'],
    ['  _mta-sts.example.com ', '_mta-sts.example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['_MTA-STS.Bücher.Example.', '_mta-sts.xn--bcher-kva.example'],
    ['example.123', 'example.123'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeQueryName(input)).toEqual({ ok: true, name: expected });
  });

  it.each([
    '',
    '.',
    'a..b',
    `${'a'.repeat(64)}.com`,
    `${'abcdefghi.'.repeat(26)}com`,
    'bü%63her.example',
    'bü/x.de',
  ])('rejects %j', (input) => {
    expect(normalizeQueryName(input).ok).toBe(false);
  });

  it('accepts a 63-octet label and a 253-character name', () => {
    expect(normalizeQueryName(`${'a'.repeat(63)}.com`).ok).toBe(true);
    const long = `${'abcdefghi.'.repeat(24)}abcdefghi.com`;
    expect(long.length).toBe(253);
    expect(normalizeQueryName(long).ok).toBe(true);
  });

  it('lower-cases ASCII letters only (RFC 4343 §3)', () => {
    expect(lowerAscii('_MTA-STS.ÄÖ.Example')).toBe('_mta-sts.ÄÖ.example');
  });
});
