import { describe, expect, it } from 'vitest';
import type { TextEdit } from '../findings/types.js';
import { createLineIndex } from '../text/line-index.js';
import { isPolicyUsable, parsePolicy } from './policy.js';

const rfcExample =
  'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n';
const policy = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');
const base = (
  over: { version?: string; mode?: string; mx?: string[]; maxAge?: string; extra?: string[] } = {},
): string =>
  policy([
    `version: ${over.version ?? 'STSv1'}`,
    `mode: ${over.mode ?? 'enforce'}`,
    ...(over.mx ?? ['mail.example.com']).map((m) => `mx: ${m}`),
    `max_age: ${over.maxAge ?? '604800'}`,
    ...(over.extra ?? []),
  ]);
const codes = (text: string, domain?: string): string[] =>
  parsePolicy(text, { domain }).findings.map((f) => f.code);

/** Apply non-overlapping edits to the text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const index = createLineIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  return spans.reduce((out, s) => out.slice(0, s.start) + s.text + out.slice(s.end), text);
}

describe('RFC 8461 §3.2 the example policy', () => {
  it('reads the RFC example without findings', () => {
    const parsed = parsePolicy(rfcExample);
    expect(parsed.findings).toEqual([]);
    expect(parsed.value).toMatchObject({
      version: 'STSv1',
      mode: 'enforce',
      maxAge: 604800,
      lineEnding: 'CRLF',
    });
    expect(parsed.value?.mx.map((m) => [m.pattern, m.valid])).toEqual([
      ['mail.example.com', true],
      ['*.example.net', true],
      ['backupmx.example.com', true],
    ]);
    expect(parsed.value?.extensions).toEqual([]);
    expect(parsed.value?.fields).toHaveLength(6);
    expect(isPolicyUsable(parsed)).toBe(true);
  });

  it('returns a value for any text, with missing fields undefined', () => {
    const parsed = parsePolicy('hello');
    expect(parsed.value).toMatchObject({ version: undefined, mode: undefined, maxAge: undefined, mx: [] });
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS202', 'STS208', 'STS210', 'STS212']);
    expect(isPolicyUsable(parsed)).toBe(false);
  });
});

describe('RFC 8461 §3.2 key case (STS207)', () => {
  it('reports a known key in another case instead of STS223, and reads it as that key', () => {
    const parsed = parsePolicy(
      policy(['Version: STSv1', 'MODE: testing', 'Mx: a.example.com', 'Max_Age: 604800']),
    );
    expect(parsed.findings.map((f) => [f.code, f.data?.expected])).toEqual([
      ['STS207', 'version'],
      ['STS207', 'mode'],
      ['STS207', 'mx'],
      ['STS207', 'max_age'],
    ]);
    expect(parsed.value).toMatchObject({ version: 'STSv1', mode: 'testing', maxAge: 604800, extensions: [] });
    expect(isPolicyUsable(parsed)).toBe(false);
  });

  it('does not take other spellings for known keys', () => {
    expect(codes(base({ extra: ['max-age: 5'] }))).toEqual(['STS223']);
  });
});

describe('RFC 8461 §3.2 required fields (STS208, STS210, STS212)', () => {
  it('reports each missing field at the start of the text; STS208 inserts the version', () => {
    const text = policy(['mx: a.example.com']);
    const parsed = parsePolicy(text);
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS208', 'STS210', 'STS212']);
    const fix = parsed.findings[0]?.fix;
    expect(applyEdits(text, fix?.edits ?? [])).toBe('version: STSv1\nmx: a.example.com\n');
  });

  it('inserts the version after a byte-order mark, with the text’s line ending', () => {
    const text = '\uFEFFmode: none\r\nmax_age: 86400\r\n';
    const f = parsePolicy(text).findings.find((x) => x.code === 'STS208');
    expect(applyEdits(text, f?.fix?.edits ?? [])).toBe(
      '\uFEFFversion: STSv1\r\nmode: none\r\nmax_age: 86400\r\n',
    );
  });
});

describe('RFC 8461 §3.2 version and mode values (STS209, STS211)', () => {
  it('fixes only a difference of case', () => {
    const v = parsePolicy(base({ version: 'stsv1' })).findings;
    expect(v.map((f) => f.code)).toEqual(['STS209']);
    expect(v[0]?.fix?.edits[0]?.newText).toBe('STSv1');
    expect(parsePolicy(base({ version: 'STSv2' })).findings[0]?.fix).toBeUndefined();
    const m = parsePolicy(base({ mode: 'Testing' })).findings;
    expect(m.map((f) => [f.code, f.fix?.edits[0]?.newText])).toEqual([['STS211', 'testing']]);
    expect(parsePolicy(base({ mode: 'report' })).findings[0]?.fix).toBeUndefined();
  });

  it('reports an empty value at the field', () => {
    const parsed = parsePolicy(base({ mode: '' }));
    expect(parsed.findings.map((f) => [f.code, f.data?.value])).toEqual([['STS211', '']]);
    expect(parsed.value?.mode).toBeUndefined();
  });

  it('leaves invalid values undefined and skips the rules that depend on them', () => {
    const parsed = parsePolicy(base({ mode: 'strict', mx: [], maxAge: '60' }));
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS211']);
  });
});

describe('RFC 8461 §3.2 max_age (STS213–STS217)', () => {
  it('accepts 1–10 digits up to 31557600, leading zeros included', () => {
    expect(codes(base({ maxAge: '31557600' }))).toEqual([]);
    expect(parsePolicy(base({ maxAge: '0001209600' })).value?.maxAge).toBe(1209600);
  });

  it('rejects anything but plain digits', () => {
    for (const value of ['86400s', '1e5', '-1', '+86400', '86,400', '8 6400', '10000000000', '٣٦٠٠']) {
      expect(codes(base({ maxAge: value })), value).toEqual(['STS213']);
    }
    expect(parsePolicy(base({ maxAge: '' })).findings[0]).toMatchObject({
      code: 'STS213',
      data: { value: '' },
    });
  });

  it('bounds max_age at one year, keeping the value, with a fix', () => {
    const parsed = parsePolicy(base({ maxAge: '9999999999' }));
    expect(parsed.findings.map((f) => [f.code, f.fix?.edits[0]?.newText])).toEqual([['STS214', '31557600']]);
    expect(parsed.value?.maxAge).toBe(9999999999);
  });

  it('grades short values by mode', () => {
    expect(codes(base({ maxAge: '0' }))).toEqual(['STS215']);
    expect(codes(base({ mode: 'testing', maxAge: '86399' }))).toEqual(['STS215']);
    expect(codes(base({ maxAge: '86400' }))).toEqual(['STS216']);
    expect(codes(base({ maxAge: '604799' }))).toEqual(['STS216']);
    expect(codes(base({ maxAge: '604800' }))).toEqual([]);
    expect(codes(policy(['version: STSv1', 'mode: none', 'max_age: 0']))).toEqual([]);
    expect(codes(policy(['version: STSv1', 'mode: none', 'max_age: 86400']))).toEqual([]);
    expect(codes(policy(['version: STSv1', 'mode: none', 'max_age: 86401']))).toEqual(['STS217']);
    expect(codes(policy(['version: STSv1', 'mode: none', 'max_age: 31557601']))).toEqual(['STS214']);
  });
});

describe('RFC 8461 §3.2 mx and mode (STS218, STS219)', () => {
  it('requires an mx for enforce and testing', () => {
    expect(codes(base({ mx: [] }))).toEqual(['STS218']);
    expect(parsePolicy(base({ mode: 'testing', mx: [] })).findings[0]?.data).toEqual({ mode: 'testing' });
    expect(codes(base({ mx: [], extra: ['MX: a.example.com'] }))).toEqual(['STS207']);
  });

  it('notes that mx fields are ignored with mode none, once', () => {
    const text = policy([
      'version: STSv1',
      'mode: none',
      'mx: a.example.com',
      'mx: b.example.com',
      'max_age: 86400',
    ]);
    expect(codes(text)).toEqual(['STS219']);
  });
});

describe('RFC 8461 §3.2 repeated fields (STS220, STS221, STS222)', () => {
  it('lets the first of conflicting values win and relates every occurrence', () => {
    const parsed = parsePolicy(base({ extra: ['mode: testing', 'mode: enforce'] }));
    expect(parsed.value?.mode).toBe('enforce');
    const f = parsed.findings.find((x) => x.code === 'STS220');
    expect(f?.data).toEqual({ field: 'mode', n: 3 });
    expect(f?.related?.map((r) => [r.range.start.line, r.message])).toEqual([
      [1, 'Applies: `mode: enforce`'],
      [4, 'Ignored: `mode: testing`'],
      [5, 'Ignored: `mode: enforce`'],
    ]);
    expect(f?.range?.start.line).toBe(4);
    expect(parsed.findings.map((x) => x.code)).toEqual(['STS220']);
  });

  it('counts case variants of a key as repeats', () => {
    expect(codes(base({ extra: ['Mode: enforce'] }))).toEqual(['STS207', 'STS221']);
  });

  it('reads the exactly written key before a case variant, wherever it stands', () => {
    const text = policy([
      'version: STSv1',
      'Mode: none',
      'mx: a.example.com',
      'max_age: 604800',
      'mode: enforce',
    ]);
    const parsed = parsePolicy(text);
    expect(parsed.value?.mode).toBe('enforce');
    expect(parsed.findings.map((x) => x.code)).toEqual(['STS207', 'STS220']);
    const differ = parsed.findings.find((x) => x.code === 'STS220');
    expect(differ?.related?.map((r) => [r.range.start.line, r.message])).toEqual([
      [4, 'Applies: `mode: enforce`'],
      [1, 'Ignored: `Mode: none`'],
    ]);
    expect(differ?.range?.start.line).toBe(1);
    // The same value twice: the repeat to delete is the miswritten one.
    const same = policy([
      'version: STSv1',
      'Mode: enforce',
      'mx: a.example.com',
      'max_age: 604800',
      'mode: enforce',
    ]);
    const repeat = parsePolicy(same).findings.find((x) => x.code === 'STS221');
    expect(repeat?.fix?.edits.map((e) => e.range.start.line)).toEqual([1]);
    // With no exact `mode`, the variant is read (and STS207 says to fix its case).
    expect(
      parsePolicy(policy(['version: STSv1', 'MODE: testing', 'mx: a.example.com', 'max_age: 1'])).value?.mode,
    ).toBe('testing');
  });

  it('deletes every later identical repeat, also on an unterminated last line', () => {
    const text = base({ extra: ['max_age: 604800'] }) + 'max_age: 604800';
    const f = parsePolicy(text).findings.find((x) => x.code === 'STS221');
    expect(f?.fix?.edits).toHaveLength(2);
    const fixed = applyEdits(text, f?.fix?.edits ?? []);
    expect(fixed).toBe(base());
    expect(codes(fixed)).toEqual([]);
  });

  it('compares mx patterns case-insensitively and checks a repeat only once', () => {
    const parsed = parsePolicy(base({ mx: ['*.com', 'mail.example.com', '*.COM'] }));
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS307', 'STS222']);
    expect(parsed.value?.mx.map((m) => m.valid)).toEqual([true, true, true]);
  });
});

describe('RFC 8461 §3.2, §9.3 extension fields (STS223, STS224)', () => {
  it('notes unknown fields and keeps them, UTF-8 values included', () => {
    const parsed = parsePolicy(base({ extra: ['x-contact: Zoë <postmaster@example.com>'] }));
    expect(parsed.findings.map((f) => [f.code, f.data?.name])).toEqual([['STS223', 'x-contact']]);
    expect(parsed.value?.extensions.map((e) => e.value)).toEqual(['Zoë <postmaster@example.com>']);
  });

  it('reports names and values outside the grammar', () => {
    const reason = (line: string): unknown => parsePolicy(base({ extra: [line] })).findings[0]?.data?.reason;
    expect(reason(`x${'a'.repeat(32)}: 1`)).toMatch(/longer than 32/);
    expect(reason(`x${'a'.repeat(31)}: 1`)).toBeUndefined();
    expect(reason('_x: 1')).toMatch(/start with a letter or digit/);
    expect(reason('x note: 1')).toMatch(/characters other than/);
    expect(reason('x-note:')).toMatch(/empty/);
    expect(reason('x-note: a\tb')).toMatch(/tab/);
    expect(codes(base({ extra: ['x-note: a b '] }))).toEqual(['STS223']);
  });
});

describe('RFC 8461 §3.2 fixes', () => {
  it('remove the finding they fix', () => {
    const cases = [
      base({ version: 'stsv1' }),
      base({ mode: 'Enforce' }),
      'version: STSv1\nMODE: enforce\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\n mode : enforce\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\nmode: enforce\n\nmx: a.example.com\nmax_age: 604800\n\n',
      base({ mx: ['.example.com'] }),
      base({ mx: ['a.example.com.'] }),
      base({ mx: ['a.bücher.example'] }),
      base({ maxAge: '99999999' }),
      base({ mx: ['a.example.com', 'A.example.com'] }),
      base({ extra: ['max_age: 604800'] }),
      'mode: enforce\nmx: a.example.com\nmax_age: 604800\n',
      '\uFEFFversion: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\rmode: enforce\nmx: a.example.com\nmax_age: 604800\n',
      'version: STSv1\r\nmode: enforce\nmx: a.example.com\r\nmax_age: 604800\r\n',
    ];
    for (const text of cases) {
      const withFix = parsePolicy(text).findings.filter((f) => f.fix);
      expect(withFix.length, text).toBeGreaterThan(0);
      const count = (t: string, code: string): number => codes(t).filter((c) => c === code).length;
      for (const f of withFix) {
        const fixed = applyEdits(text, f.fix?.edits ?? []);
        expect(count(fixed, f.code), `${f.code} on ${JSON.stringify(text)} → ${JSON.stringify(fixed)}`).toBe(
          count(text, f.code) - 1,
        );
        // A fix adds no error of another kind.
        const errorsAfter = parsePolicy(fixed).findings.filter(
          (x) => x.severity === 'error' && x.code !== f.code,
        );
        const errorsBefore = parsePolicy(text).findings.filter(
          (x) => x.severity === 'error' && x.code !== f.code,
        );
        expect(errorsAfter.length, `${f.code} on ${JSON.stringify(text)}`).toBeLessThanOrEqual(
          errorsBefore.length,
        );
      }
    }
  });
});

describe('RFC 8461 §3.3 a policy larger than senders read (STS111)', () => {
  const head = 'version: STSv1\nmode: enforce\nmax_age: 604800\n';
  it('is not parsed past 64 KiB: one STS111 at the start instead of a finding per line', () => {
    const text = head + 'mx: a\n'.repeat(20_000);
    const parsed = parsePolicy(text);
    expect(parsed.value).toBeUndefined();
    expect(parsed.findings.map((f) => [f.code, f.data?.size])).toEqual([['STS111', 'more than 65536']]);
    const bytes = new TextEncoder().encode(text);
    expect(parsePolicy(text, { bytes }).findings[0]?.data?.size).toBe(bytes.length);
  });

  it('counts UTF-8 bytes, not characters, and parses a policy of exactly the bound', () => {
    const filler = (n: number): string => `x_note: ${'é'.repeat(n)}\n`;
    expect(parsePolicy(head + 'mx: a.example\n' + filler(40_000)).findings[0]?.code).toBe('STS111');
    const exact = head + 'mx: a.example\n';
    const padded = exact + `x_note: ${'y'.repeat(65_536 - exact.length - 9)}\n`;
    expect(new TextEncoder().encode(padded).length).toBe(65_536);
    expect(parsePolicy(padded).findings.map((f) => f.code)).toEqual(['STS223']);
  });
});
