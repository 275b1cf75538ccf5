import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../findings/catalogue.js';
import type { Finding } from '../findings/types.js';
import { createLineIndex } from '../text/line-index.js';
import { parsePolicy } from './policy.js';
import type { Policy } from './policy-types.js';
import { printPolicy } from './policy-print.js';

/** Text made of policy-like lines: known and odd keys, odd values, every kind of line break and blank. */
const policyish = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'version',
        'mode',
        'mx',
        'max_age',
        'Mode',
        'MX',
        'x-ext',
        '',
        ' mode',
        'mode ',
        '#',
        'é',
        '\uFEFF',
      ),
      fc.constantFrom(':', ': ', ':\t', ' : ', '', '::'),
      fc.oneof(
        fc.constantFrom(
          'STSv1',
          'enforce',
          'testing',
          'none',
          'Enforce',
          '604800',
          '86400s',
          '31557601',
          '0',
        ),
        fc.constantFrom(
          '*.example.com',
          '.example.com',
          'mail.example.com.',
          'bücher.example',
          '*.com',
          '[192.0.2.1]',
        ),
        fc.string({ maxLength: 12 }),
        fc.string({ unit: 'binary', maxLength: 6 }),
      ),
      fc.constantFrom('\n', '\r\n', '\r', '', ' \n', '\n\n'),
    ),
    { maxLength: 10 },
  )
  .map((lines) => lines.map(([k, c, v, t]) => `${k}${c}${v}${t}`).join(''));

const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  policyish,
);

function expectRangesInside(text: string, findings: Finding[]): void {
  const index = createLineIndex(text);
  for (const f of findings) {
    const template = catalogue[f.code].message;
    for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
      expect(f.data, `${f.code} {${name}}`).toHaveProperty(name as string);
    }
    const ranges = [
      f.range,
      ...(f.related ?? []).map((r) => r.range),
      ...(f.fix?.edits ?? []).map((e) => e.range),
    ];
    for (const range of ranges) {
      if (!range) {
        continue;
      }
      for (const p of [range.start, range.end]) {
        expect(index.positionAt(index.offsetAt(p))).toEqual(p);
      }
      expect(index.offsetAt(range.start)).toBeLessThanOrEqual(index.offsetAt(range.end));
    }
  }
}

describe('RFC 8461 §3.2 parser properties', () => {
  it('never throws on any text, and every range lies inside it', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parsePolicy(text, { domain: 'example.com' });
        expect(parsed.value).toBeDefined();
        expect(parsed.findings.map((f) => f.code)).not.toContain('INT001');
        expectRangesInside(text, parsed.findings);
        for (const f of parsed.value?.fields ?? []) {
          expect(text.slice(f.nameStart, f.nameEnd)).toBe(f.name);
          expect(text.slice(f.valueStart, f.valueEnd)).toBe(f.value);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any bytes, decoded either way', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.tuple(policyish, fc.uint8Array({ maxLength: 4 }), fc.nat()).map(([text, junk, at]) => {
        const b = [...new TextEncoder().encode(text)];
        b.splice(at % (b.length + 1), 0, ...junk);
        return new Uint8Array(b);
      }),
    );
    fc.assert(
      fc.property(bytes, fc.boolean(), (raw, ignoreBOM) => {
        const text = new TextDecoder('utf-8', { ignoreBOM }).decode(raw);
        const parsed = parsePolicy(text, { bytes: raw });
        expect(parsed.findings.map((f) => f.code)).not.toContain('INT001');
        expectRangesInside(text, parsed.findings);
      }),
      { numRuns: 400 },
    );
  });
});

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const host = fc
  .array(label, { minLength: 1, maxLength: 3 })
  .map((labels) => [...labels, 'example'].join('.'));
const validPolicy = fc
  .record({
    mode: fc.constantFrom('enforce', 'testing', 'none'),
    maxAge: fc.integer({ min: 0, max: 31_557_600 }),
    mx: fc.uniqueArray(
      fc.tuple(fc.boolean(), host).map(([wild, h]) => (wild ? `*.${h}` : h)),
      { minLength: 1, maxLength: 4, selector: (s) => s.toLowerCase() },
    ),
    extensions: fc.array(
      fc.record({
        name: fc
          .stringMatching(/^[a-z0-9][a-z0-9_.-]{0,31}$/)
          .filter((n) => !['version', 'mode', 'mx', 'max_age'].includes(n)),
        value: fc.stringMatching(/^[!-~](?:[ !-~]{0,20}[!-~])?$/),
      }),
      { maxLength: 3 },
    ),
  })
  .map((p) => ({ ...p, mx: p.mode === 'none' ? [] : p.mx }));

const view = (p: Policy | undefined) => ({
  version: p?.version,
  mode: p?.mode,
  maxAge: p?.maxAge,
  mx: p?.mx.map((m) => [m.pattern, m.valid]),
  extensions: p?.extensions.map((e) => [e.name, e.value]),
});

describe('RFC 8461 §3.2 canonical form', () => {
  it('prints the RFC example in the RFC’s order and line ending', () => {
    const text =
      'max_age: 604800\nmx: mail.example.com\nmode: enforce\nx-a: b\nversion: STSv1\nmx: *.example.net\n';
    expect(printPolicy(parsePolicy(text).value!)).toBe(
      'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\nx-a: b\r\n',
    );
    expect(printPolicy(parsePolicy('').value!)).toBe('');
  });

  it('parse → print → parse keeps every value of a valid policy and adds no error', () => {
    fc.assert(
      fc.property(validPolicy, fc.constantFrom('\n', '\r\n'), fc.boolean(), (p, eol, shuffle) => {
        const lines = [
          'version: STSv1',
          `mode: ${p.mode}`,
          ...p.mx.map((m) => `mx: ${m}`),
          `max_age: ${p.maxAge}`,
          ...p.extensions.map((e) => `${e.name}: ${e.value}`),
        ];
        // Field order is free (RFC 8461 §3.2); mx and extension order is kept.
        const text = (shuffle ? [...lines.slice(1), ...lines.slice(0, 1)] : lines).join(eol) + eol;
        const first = parsePolicy(text);
        expect(first.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(view(first.value)).toEqual({
          version: 'STSv1',
          mode: p.mode,
          maxAge: p.maxAge,
          mx: p.mx.map((m) => [m, true]),
          extensions: p.extensions.map((e) => [e.name, e.value]),
        });
        const second = parsePolicy(printPolicy(first.value!));
        expect(view(second.value)).toEqual(view(first.value));
        expect(second.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(second.value?.lineEnding).toBe('CRLF');
      }),
      { numRuns: 300 },
    );
  });

  it('printing a parse is idempotent for any text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = printPolicy(parsePolicy(text).value!);
        expect(printPolicy(parsePolicy(once).value!)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
