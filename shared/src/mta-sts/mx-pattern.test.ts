import { describe, expect, it } from 'vitest';
import { checkMxCoverage, mxMatches, normalizeHost } from './mx-pattern.js';

describe('RFC 8461 §4.1 MX matching', () => {
  it("matches the RFC's own examples: `*.` covers exactly one label", () => {
    expect(mxMatches('mail.example.com', '*.example.com')).toBe(true);
    expect(mxMatches('example.com', '*.example.com')).toBe(false);
    expect(mxMatches('foo.bar.example.com', '*.example.com')).toBe(false);
  });

  it('ignores case and one trailing dot, and compares A-labels', () => {
    expect(mxMatches('MAIL.Example.COM.', 'mail.example.com')).toBe(true);
    expect(mxMatches('mail.example.com', 'mail.example.com.')).toBe(true);
    expect(mxMatches('mail.bücher.example', 'mail.xn--bcher-kva.example')).toBe(true);
    expect(normalizeHost('Mail.Bücher.Example.')).toBe('mail.xn--bcher-kva.example');
  });

  it('does not match substrings or suffixes without a label boundary', () => {
    expect(mxMatches('evilexample.com', '*.example.com')).toBe(false);
    expect(mxMatches('mail.example.com.evil', 'mail.example.com')).toBe(false);
    expect(mxMatches('.example.com', '*.example.com')).toBe(false);
  });
});

describe('RFC 8461 §4.1, §5 MX coverage', () => {
  const base = { domain: 'example.com', nullMx: false };
  const codes = (r: { findings: { code: string }[] }): string[] => r.findings.map((f) => f.code);

  it('covers every host: no findings', () => {
    const r = checkMxCoverage({
      ...base,
      mode: 'enforce',
      patterns: ['mx1.example.com', '*.example.net'],
      mxHosts: ['mx1.example.com', 'a.example.net'],
    });
    expect(codes(r)).toEqual([]);
    expect(r.coverage.map((c) => c.matchedPattern)).toEqual(['mx1.example.com', '*.example.net']);
  });

  it('reports an uncovered host by mode: STS310 enforce, STS311 testing, nothing for none', () => {
    const input = { ...base, patterns: ['mx1.example.com'], mxHosts: ['mx1.example.com', 'mx2.example.com'] };
    expect(codes(checkMxCoverage({ ...input, mode: 'enforce' }))).toEqual(['STS310']);
    expect(codes(checkMxCoverage({ ...input, mode: 'testing' }))).toEqual(['STS311']);
    expect(codes(checkMxCoverage({ ...input, mode: 'none' }))).toEqual([]);
  });

  it('reports STS312 instead of STS310 when enforce covers nothing, and stale patterns (STS315)', () => {
    const r = checkMxCoverage({
      ...base,
      mode: 'enforce',
      patterns: ['old.example.com'],
      mxHosts: ['mx1.example.com', 'mx2.example.com'],
    });
    expect(codes(r)).toEqual(['STS312', 'STS315']);
  });

  it('explains near misses: multi-label wildcard (STS313) and the wildcard base (STS314)', () => {
    const r = checkMxCoverage({
      ...base,
      mode: 'testing',
      patterns: ['*.example.com'],
      mxHosts: ['a.b.example.com', 'example.com', 'c.example.com'],
    });
    expect(codes(r)).toEqual(['STS313', 'STS314']);
  });

  it('treats a domain without MX as its own MX (STS317) and a null MX as no mail (STS316)', () => {
    const none = checkMxCoverage({ ...base, mode: 'enforce', patterns: ['mail.example.com'], mxHosts: [] });
    expect(codes(none)).toEqual(['STS317', 'STS312']);
    expect(none.coverage).toEqual([{ host: 'example.com', covered: false, matchedPattern: undefined }]);
    expect(
      codes(
        checkMxCoverage({ ...base, mode: 'enforce', patterns: ['x.example.com'], mxHosts: [], nullMx: true }),
      ),
    ).toEqual(['STS316']);
  });
});
