import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMxCoverage, mxMatches, normalizeHost, toALabels, type MxCoverageInput } from './mx-pattern.js';

describe('RFC 8461 §4.1 MX matching', () => {
  it("matches the RFC's own examples: `*.` covers exactly one label", () => {
    expect(mxMatches('mail.example.com', '*.example.com')).toBe(true);
    expect(mxMatches('example.com', '*.example.com')).toBe(false);
    expect(mxMatches('foo.bar.example.com', '*.example.com')).toBe(false);
  });

  it('matches full names exactly', () => {
    expect(mxMatches('mail.example.com', 'mail.example.com')).toBe(true);
    expect(mxMatches('mail.example.com', 'example.com')).toBe(false);
    expect(mxMatches('example.com', 'mail.example.com')).toBe(false);
  });

  it('ignores case and one trailing dot on either side, and compares A-labels', () => {
    expect(mxMatches('MAIL.Example.COM.', 'mail.example.com')).toBe(true);
    expect(mxMatches('mail.example.com', '*.EXAMPLE.com.')).toBe(true);
    expect(mxMatches('mail.example.com..', 'mail.example.com')).toBe(false);
    expect(mxMatches('mail.bücher.example', 'mail.xn--bcher-kva.example')).toBe(true);
    expect(mxMatches('mail.xn--bcher-kva.example', '*.Bücher.example')).toBe(true);
  });

  it('does not match substrings, suffixes without a label boundary, or empty names', () => {
    expect(mxMatches('evilexample.com', '*.example.com')).toBe(false);
    expect(mxMatches('mail.example.com.evil', 'mail.example.com')).toBe(false);
    expect(mxMatches('.example.com', '*.example.com')).toBe(false);
    expect(mxMatches('', '')).toBe(false);
    expect(mxMatches('a.', '*.')).toBe(false);
  });

  it('agrees with the label rule on generated names', () => {
    const label = fc.stringMatching(/^[a-z0-9]{1,4}$/);
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.array(label, { minLength: 1, maxLength: 4 }),
        (h, p) => {
          const host = h.join('.');
          const suffix = p.join('.');
          const expected = h.length >= 2 && h.slice(1).join('.') === suffix;
          expect(mxMatches(host, `*.${suffix}`)).toBe(expected);
          expect(mxMatches(host.toUpperCase(), `*.${suffix}.`)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('RFC 8461 §3.2 names in A-labels', () => {
  it('normalises case, one trailing dot and U-labels', () => {
    expect(normalizeHost('Mail.Bücher.Example.')).toBe('mail.xn--bcher-kva.example');
    expect(normalizeHost('MX.EXAMPLE.COM')).toBe('mx.example.com');
    expect(normalizeHost('.')).toBe('');
    expect(normalizeHost('*.Example.com.')).toBe('*.example.com');
  });

  it('converts only what is a host name', () => {
    expect(toALabels('*.bücher.example')).toBe('*.xn--bcher-kva.example');
    expect(toALabels('bücher.example:25')).toBeUndefined();
    expect(toALabels('bücher.example/x')).toBeUndefined();
    expect(toALabels('user@bücher.example')).toBeUndefined();
    expect(toALabels('１９２．０．２．１')).toBeUndefined();
    expect(toALabels('')).toBeUndefined();
    // No A-label form: the name is kept, lower-cased, so comparisons still work.
    expect(normalizeHost('BÜ*CHER.example')).toBe('bÜ*cher.example');
  });
});

describe('RFC 8461 §4.1, §5 MX coverage', () => {
  const base = { domain: 'example.com', nullMx: false };
  const run = (input: Partial<MxCoverageInput>) =>
    checkMxCoverage({ ...base, mode: 'enforce', patterns: [], mxHosts: [], ...input });
  const codes = (input: Partial<MxCoverageInput>): string[] => run(input).findings.map((f) => f.code);

  it('covers every host: no findings, and names the first matching pattern', () => {
    const r = run({
      patterns: ['mx1.example.com', '*.example.net'],
      mxHosts: ['MX1.example.com.', 'a.example.net'],
    });
    expect(r.findings).toEqual([]);
    expect(r.coverage).toEqual([
      { host: 'mx1.example.com', covered: true, matchedPattern: 'mx1.example.com' },
      { host: 'a.example.net', covered: true, matchedPattern: '*.example.net' },
    ]);
  });

  it('reports an uncovered host by mode: STS310 enforce, STS311 testing, nothing for none', () => {
    const input = { patterns: ['mx1.example.com'], mxHosts: ['mx1.example.com', 'mx2.example.com'] };
    expect(codes({ ...input, mode: 'enforce' })).toEqual(['STS310']);
    expect(run({ ...input, mode: 'enforce' }).findings[0]?.data).toEqual({ mx: 'mx2.example.com' });
    expect(codes({ ...input, mode: 'testing' })).toEqual(['STS311']);
    expect(codes({ ...input, mode: 'none', patterns: [] })).toEqual([]);
    expect(run({ ...input, mode: 'none' }).coverage.map((c) => c.covered)).toEqual([true, false]);
  });

  it('reports STS312 instead of STS310 when enforce covers nothing, and stale patterns (STS315)', () => {
    expect(codes({ patterns: ['old.example.com'], mxHosts: ['mx1.example.com', 'mx2.example.com'] })).toEqual(
      ['STS312', 'STS315'],
    );
    expect(codes({ mode: 'testing', patterns: ['old.example.com'], mxHosts: ['mx1.example.com'] })).toEqual([
      'STS311',
      'STS315',
    ]);
  });

  it('explains near misses instead of STS310/STS311: deep names (STS313) and the wildcard base (STS314)', () => {
    const input = {
      patterns: ['*.example.com'],
      mxHosts: ['a.b.example.com', 'example.com', 'c.example.com'],
    };
    const testing = run({ ...input, mode: 'testing' });
    expect(testing.findings.map((f) => [f.code, f.data])).toEqual([
      ['STS313', { mx: 'a.b.example.com', pattern: '*.example.com' }],
      ['STS314', { mx: 'example.com', pattern: '*.example.com' }],
    ]);
    expect(codes({ ...input, mode: 'enforce' })).toEqual(['STS313', 'STS314']);
    // With nothing covered the domain-level error comes too; the explanations stay.
    expect(codes({ patterns: ['*.example.com'], mxHosts: ['a.b.example.com'] })).toEqual([
      'STS312',
      'STS313',
      'STS315',
    ]);
  });

  it('takes the first matching pattern among more than a call can spread (200,000 repeats)', () => {
    const r = run({ patterns: Array<string>(200_000).fill('MX1.example.com'), mxHosts: ['mx1.example.com'] });
    expect(r.coverage).toEqual([
      { host: 'mx1.example.com', covered: true, matchedPattern: 'MX1.example.com' },
    ]);
  });

  it('judges each MX host once', () => {
    const r = run({
      patterns: ['mx1.example.com'],
      mxHosts: ['mx2.example.com', 'MX2.example.com.', 'mx1.example.com'],
    });
    expect(r.coverage.map((c) => c.host)).toEqual(['mx2.example.com', 'mx1.example.com']);
    expect(r.findings.map((f) => f.code)).toEqual(['STS310']);
  });

  it('treats a domain without MX as its own MX (RFC 5321 §5.1, STS317)', () => {
    const none = run({ patterns: ['mail.example.com'], domain: 'Example.com.' });
    expect(none.findings.map((f) => f.code)).toEqual(['STS317', 'STS312', 'STS315']);
    expect(none.coverage).toEqual([{ host: 'example.com', covered: false, matchedPattern: undefined }]);
    expect(codes({ patterns: ['example.com'] })).toEqual(['STS317']);
    expect(codes({ mode: 'none', patterns: ['mail.example.com'] })).toEqual([]);
  });

  it('stops at a null MX (RFC 7505, STS316) whatever the mode', () => {
    for (const mode of ['enforce', 'testing', 'none'] as const) {
      const r = run({ mode, patterns: ['x.example.com'], nullMx: true });
      expect(r.findings.map((f) => [f.code, f.data])).toEqual([['STS316', { domain: 'example.com' }]]);
      expect(r.coverage).toEqual([]);
    }
  });
});
