import { describe, expect, it } from 'vitest';
import { dohPresets, expandEndpoint, resolveEndpoint, type DohEndpoint } from './presets.js';

describe('doh.md §5 public endpoints', () => {
  it.each([
    ['cloudflare', 'https://cloudflare-dns.com/dns-query'],
    ['google', 'https://dns.google/dns-query'],
    ['quad9', 'https://dns.quad9.net/dns-query'],
    [' Google ', 'https://dns.google/dns-query'],
  ])('preset %j → %s', (name, url) => {
    expect(resolveEndpoint(name)).toEqual({
      ok: true,
      url,
      template: `${url}{?dns}`,
      preset: name.trim().toLowerCase(),
    });
  });

  it('marks every preset as validating, and only Quad9 as filtering', () => {
    expect(Object.values(dohPresets).every((p) => p.validatesDnssec)).toBe(true);
    expect(
      Object.values(dohPresets)
        .filter((p) => p.filtering)
        .map((p) => p.name),
    ).toEqual(['quad9']);
  });
});

describe('RFC 8484 §4.1 / §5 custom endpoints', () => {
  it.each([
    ['https://dns.example/dns-query', 'https://dns.example/dns-query', 'https://dns.example/dns-query{?dns}'],
    [
      'https://dns.example/dns-query{?dns}',
      'https://dns.example/dns-query',
      'https://dns.example/dns-query{?dns}',
    ],
    [
      'https://DNS.Example:8443/q?ct=x',
      'https://dns.example:8443/q?ct=x',
      'https://dns.example:8443/q?ct=x{&dns}',
    ],
    ['https://dns.example/q?ct=x{&dns}', 'https://dns.example/q?ct=x', 'https://dns.example/q?ct=x{&dns}'],
    ['https://dns.example', 'https://dns.example/', 'https://dns.example/{?dns}'],
    [
      'https://127.0.0.1:8443/dns-query',
      'https://127.0.0.1:8443/dns-query',
      'https://127.0.0.1:8443/dns-query{?dns}',
    ],
  ])('%s', (input, url, template) => {
    expect(resolveEndpoint(input)).toEqual({ ok: true, url, template, preset: null });
  });

  it.each([
    ['http://dns.example/dns-query', 'https: only'],
    ['dns.example/dns-query', 'not a URL'],
    ['https://user:pw@dns.example/dns-query', 'credentials'],
    ['https://dns.example/dns-query#x', 'fragment'],
    ['https://dns.example/dns-query{?name,type}', '{?dns}'],
    ['https://dns.example/{dns}', '{?dns}'],
    ['https://dns.example/dns-query{?dns}/x', '{?dns}'],
    ['https://dns.example/q?a=1{?dns}', '{&dns}'],
    ['https://dns.example/q{&dns}', 'already has a query'],
    ['https://dns .example/', 'space'],
    ['opendns', 'not a URL'],
  ])('rejects %s', (input, words) => {
    const result = resolveEndpoint(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(words);
  });
});

describe('RFC 8484 §4.1 / RFC 6570 template expansion', () => {
  const endpoint = (input: string): DohEndpoint => {
    const result = resolveEndpoint(input);
    if (!result.ok) {
      throw new Error(result.message);
    }
    return result;
  };

  it('GET puts dns= in the query; POST leaves the variable undefined', () => {
    const plain = endpoint('https://dns.example/dns-query{?dns}');
    expect(expandEndpoint(plain, 'AAAB')).toBe('https://dns.example/dns-query?dns=AAAB');
    expect(expandEndpoint(plain)).toBe('https://dns.example/dns-query');
    const withQuery = endpoint('https://dns.example/q?ct=application/dns-message');
    expect(expandEndpoint(withQuery, 'AAAB')).toBe(
      'https://dns.example/q?ct=application/dns-message&dns=AAAB',
    );
    expect(expandEndpoint(withQuery)).toBe('https://dns.example/q?ct=application/dns-message');
  });
});
