import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineIndex } from '../text/line-index.js';
import { isPolicyUsable, parsePolicy, type Policy } from './policy.js';
import { printPolicy } from './policy-print.js';

const codes = (text: string, domain?: string): string[] =>
  parsePolicy(text, { domain }).findings.map((f) => f.code);

/** Apply a finding's fix edits (non-overlapping) to the text. */
function applyFix(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const index = createLineIndex(text);
  const spans = edits.map((e) => ({
    start: index.offsetAt(e.range.start),
    end: index.offsetAt(e.range.end),
    text: e.newText,
  }));
  spans.sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) {
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
  }
  return out;
}

describe('RFC 8461 §3.2 policy fields', () => {
  it('reads the RFC example', () => {
    const parsed = parsePolicy(
      'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n',
    );
    expect(parsed.findings).toEqual([]);
    expect(parsed.value).toMatchObject({
      version: 'STSv1',
      mode: 'enforce',
      maxAge: 604800,
      lineEnding: 'CRLF',
    });
    expect(parsed.value!.mx.map((m) => m.pattern)).toEqual([
      'mail.example.com',
      '*.example.net',
      'backupmx.example.com',
    ]);
    expect(isPolicyUsable(parsed)).toBe(true);
  });

  it('lets the first of conflicting fields win (STS220) and lists every occurrence', () => {
    const parsed = parsePolicy(
      'version: STSv1\nmode: testing\nmode: enforce\nmx: a.example.com\nmax_age: 604800\n',
    );
    expect(parsed.value!.mode).toBe('testing');
    const f = parsed.findings.find((x) => x.code === 'STS220')!;
    expect(f.related).toHaveLength(2);
    expect(isPolicyUsable(parsed)).toBe(false);
  });

  it('bounds max_age at one year (STS214) and grades short values by mode (STS215–STS217)', () => {
    expect(codes('version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 31557600\n')).toEqual([]);
    expect(codes('version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 31557601\n')).toEqual([
      'STS214',
    ]);
    expect(codes('version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 0\n')).toEqual(['STS215']);
    expect(codes('version: STSv1\nmode: none\nmax_age: 0\n')).toEqual([]);
    expect(codes('version: STSv1\nmode: none\nmax_age: 86401\n')).toEqual(['STS217']);
  });

  it('flags a wildcard over the policy domain only when the domain is known (STS308)', () => {
    const text = 'version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 604800\n';
    expect(codes(text)).toEqual([]);
    expect(codes(text, 'example.com')).toEqual(['STS308']);
    expect(codes(text.replace('*.example.com', '*.mail.example.com'), 'example.com')).toEqual([]);
  });

  it('does not flag test and example names as public suffixes (STS307)', () => {
    expect(codes('version: STSv1\nmode: enforce\nmx: *.good.test\nmax_age: 604800\n')).toEqual([]);
    expect(codes('version: STSv1\nmode: enforce\nmx: *.com\nmax_age: 604800\n')).toEqual(['STS307']);
  });

  it('offers fixes that remove the finding they fix', () => {
    const cases = [
      'version: stsv1\nmode: enforce\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\nmode: Enforce\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\nMODE: enforce\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\nmode : enforce\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\nmode: enforce\n\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\nmode: enforce\nmx: .example.com\nmax_age: 604800\n',
      'version: STSv1\nmode: enforce\nmx: a.example.com.\nmax_age: 604800\n',
      'version: STSv1\nmode: enforce\nmx: a.bücher.example\nmax_age: 604800\n',
      'version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 99999999\n',
      'version: STSv1\nmode: enforce\nmx: a.example.com\nmx: A.example.com\nmax_age: 604800\n',
      'version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 604800\nmax_age: 604800\n',
      'mode: enforce\nmx: a.example.com\nmax_age: 604800\n',
      '\uFEFFversion: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\rmode: enforce\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\r\nmode: enforce\nmx: a.example.com\r\nmax_age: 604800\r\n',
    ];
    for (const text of cases) {
      const parsed = parsePolicy(text);
      const withFix = parsed.findings.filter((f) => f.fix);
      expect(withFix.length, text).toBeGreaterThan(0);
      for (const f of withFix) {
        const fixed = applyFix(text, f.fix!.edits);
        expect(codes(fixed), `${f.code} on ${JSON.stringify(text)}`).not.toContain(f.code);
      }
    }
  });
});

const validPolicy = fc.record({
  mode: fc.constantFrom('enforce', 'testing', 'none'),
  maxAge: fc.integer({ min: 604_800, max: 31_557_600 }),
  mx: fc.uniqueArray(
    fc
      .tuple(
        fc.boolean(),
        fc.array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/), { minLength: 2, maxLength: 4 }),
      )
      .map(([wild, labels]) => `${wild ? '*.' : ''}${labels.join('.')}.example`),
    { minLength: 1, maxLength: 4, selector: (s) => s.toLowerCase() },
  ),
  eol: fc.constantFrom('\n', '\r\n'),
});

describe('policy parser properties', () => {
  it('never throws, and every range lies inside the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ maxLength: 300 }).map((s) => `version: STSv1\n${s}`),
        ),
        (text) => {
          const parsed = parsePolicy(text);
          expect(parsed.findings.map((f) => f.code)).not.toContain('INT001');
          const index = createLineIndex(text);
          for (const f of parsed.findings) {
            if (!f.range) {
              continue;
            }
            for (const p of [f.range.start, f.range.end]) {
              expect(index.positionAt(index.offsetAt(p))).toEqual(p);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const parsed = parsePolicy(new TextDecoder().decode(bytes), { bytes });
        expect(parsed.findings.map((f) => f.code)).not.toContain('INT001');
      }),
      { numRuns: 300 },
    );
  });

  it('parse → print → parse is stable for valid policies', () => {
    fc.assert(
      fc.property(validPolicy, ({ mode, maxAge, mx, eol }) => {
        const fields = mode === 'none' ? [] : mx.map((m) => `mx: ${m}`);
        const text = [`version: STSv1`, `mode: ${mode}`, ...fields, `max_age: ${maxAge}`].join(eol) + eol;
        const first = parsePolicy(text);
        expect(first.findings.filter((f) => f.severity !== 'info')).toEqual([]);
        const printed = printPolicy(first.value!);
        const second = parsePolicy(printed);
        const view = (p: Policy) => ({
          v: p.version,
          m: p.mode,
          a: p.maxAge,
          mx: p.mx.map((x) => x.pattern),
        });
        expect(view(second.value!)).toEqual(view(first.value!));
        expect(second.findings.map((f) => f.code)).toEqual(first.findings.map((f) => f.code));
      }),
      { numRuns: 300 },
    );
  });

  it('printing is idempotent for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const once = printPolicy(parsePolicy(text).value!);
        expect(printPolicy(parsePolicy(once).value!)).toBe(once);
      }),
      { numRuns: 400 },
    );
  });
});
