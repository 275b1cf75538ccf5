import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../findings/catalogue.js';
import { hasErrors } from '../findings/finding.js';
import type { Finding, Fix } from '../findings/types.js';
import { displayText, tokenizeFields } from '../text/record-fields.js';
import { isNearMissSts, isStsRecordCandidate, parseStsRecord } from './record.js';

const codes = (text: string): string[] => parseStsRecord(text).findings.map((f) => f.code);
const only = (text: string, code: string): Finding => {
  const found = parseStsRecord(text).findings.filter((f) => f.code === code);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const at = (f: Finding): [number, number] => [f.range!.start.character, f.range!.end.character];

/** Apply a fix's edits (single-line text) from the end backwards. */
function applyFix(text: string, fix: Fix | undefined): string {
  expect(fix).toBeDefined();
  const edits = [...fix!.edits].sort((a, b) => b.range.start.character - a.range.start.character);
  return edits.reduce(
    (t, e) => t.slice(0, e.range.start.character) + e.newText + t.slice(e.range.end.character),
    text,
  );
}

describe('RFC 8461 §3.1 discovery: which TXT values are MTA-STS records', () => {
  it.each([
    ['v=STSv1; id=1', true, false],
    ['v=STSv1;id=1', true, false],
    ['v=STSv1 ; id=1', true, false],
    ['v=STSv1 id=1', true, false],
    ['v=STSv1', true, false],
    ['V=STSv1; id=1', false, true],
    ['v=stsv1; id=1', false, true],
    ['v = STSv1; id=1', false, true],
    [' v=STSv1; id=1', false, true],
    ['\ufeffv=STSv1; id=1', false, true],
    ['v=STSv1\u00a0; id=1', false, true],
    ['v=STSv10; id=1', false, false],
    ['v=STSv2; id=1', false, false],
    ['v=spf1 -all', false, false],
    ['google-site-verification=abc', false, false],
    ['', false, false],
  ])('%j: candidate %s, near miss %s', (text, candidate, nearMiss) => {
    expect(isStsRecordCandidate(text)).toBe(candidate);
    expect(isNearMissSts(text)).toBe(nearMiss);
  });
});

describe('RFC 8461 §3.1 sts-version (STS005)', () => {
  it('accepts the RFC example', () => {
    const parsed = parseStsRecord('v=STSv1; id=20160831085700Z;');
    expect(parsed.findings).toEqual([]);
    expect(parsed.value).toEqual({
      version: 'STSv1',
      id: '20160831085700Z',
      fields: [
        { name: 'id', value: '20160831085700Z', nameStart: 9, nameEnd: 11, valueStart: 12, valueEnd: 27 },
      ],
    });
  });

  it.each(['V=STSv1; id=1', 'v=stsv1; id=1', 'v = STSv1; id=1', '  v=STSv1; id=1', '\ufeffv=STSv1; id=1'])(
    'reports the near miss %j once, keeps the value, and fixes the prefix',
    (text) => {
      const parsed = parseStsRecord(text);
      expect(parsed.findings.map((f) => f.code)).toEqual(['STS005']);
      expect(parsed.value?.id).toBe('1');
      const finding = parsed.findings[0]!;
      expect(at(finding)[0]).toBe(0);
      expect(finding.data?.['prefix']).toBe(displayText(text.slice(0, at(finding)[1])));
      expect(applyFix(text, finding.fix)).toBe('v=STSv1; id=1');
    },
  );

  it('keeps a non-breaking space after the version inside the prefix the fix rewrites (no STS012 on top)', () => {
    const text = 'v=STSv1\u00a0; id=1';
    const finding = only(text, 'STS005');
    expect(codes(text)).toEqual(['STS005']);
    expect(finding.data?.['prefix']).toBe('v=STSv1\\u00A0');
    expect(applyFix(text, finding.fix)).toBe('v=STSv1; id=1');
  });

  it.each([
    ['v=STSv2; id=1', 'v=STSv2'],
    ['v=STSv10;id=1', 'v=STSv10'],
    ['v=spf1 -all', 'v=spf1 -all'],
    ['', ''],
  ])('gives no value and no fix for %j (not an MTA-STS record at all)', (text, prefix) => {
    const parsed = parseStsRecord(text);
    expect(parsed.value).toBeUndefined();
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS005']);
    expect(parsed.findings[0]!.data).toEqual({ prefix });
    expect(parsed.findings[0]!.fix).toBeUndefined();
  });

  it('reports only STS012 when a stray character breaks the leading token itself', () => {
    const parsed = parseStsRecord('v=STSv1\u00a0id=1');
    expect(parsed.value).toBeUndefined();
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS012']);
    expect(at(parsed.findings[0]!)).toEqual([7, 8]);
  });
});

describe('RFC 8461 §3.1 sts-field-delim (STS006, STS017, STS018)', () => {
  it('warns about space before the first `;` (erratum 6285) and removes it', () => {
    const text = 'v=STSv1 \t; id=1';
    const finding = only(text, 'STS006');
    expect(finding.severity).toBe('warning');
    expect(at(finding)).toEqual([7, 9]);
    expect(codes(text)).toEqual(['STS006']);
    expect(applyFix(text, finding.fix)).toBe('v=STSv1; id=1');
  });

  it('accepts WSP around later delimiters and a final delimiter with WSP', () => {
    expect(codes('v=STSv1;\tid=1 \t; x=1 ;  ')).toEqual(['STS011']);
  });

  it.each([
    ['v=STSv1 id=123', [7, 8], 'v=STSv1; id=123'],
    ['v=STSv1; id=123 ext=1', [15, 16], 'v=STSv1; id=123; ext=1'],
    ['v=STSv1; ext=1\tid=123', [14, 15], 'v=STSv1; ext=1;\tid=123'],
  ])('reports a missing `;` in %j instead of STS007/STS010 and inserts it', (text, range, fixed) => {
    const finding = only(text, 'STS018');
    expect(at(finding)).toEqual(range);
    expect(
      parseStsRecord(text)
        .findings.filter((f) => f.severity === 'error')
        .map((f) => f.code),
    ).toEqual(['STS018']);
    expect(parseStsRecord(text).value?.id).toBe('123');
    expect(applyFix(text, finding.fix)).toBe(fixed);
    expect(hasErrors(parseStsRecord(fixed).findings)).toBe(false);
  });

  it('does not split a value at a space that is not followed by `name=`', () => {
    expect(codes('v=STSv1; id=1; note=a b')).toEqual(['STS010']);
  });

  it.each([
    ['v=STSv1;; id=1', [8, 9], 'v=STSv1; id=1'],
    ['v=STSv1; ; id=1', [8, 10], 'v=STSv1; id=1'],
    ['v=STSv1;;;; id=1', [8, 11], 'v=STSv1; id=1'],
    ['v=STSv1; id=1;;', [14, 15], 'v=STSv1; id=1;'],
  ])('reports the empty field(s) in %j once as an error and removes them', (text, range, fixed) => {
    const finding = only(text, 'STS017');
    expect(finding.severity).toBe('error');
    expect(at(finding)).toEqual(range);
    expect(codes(text)).toEqual(['STS017']);
    expect(applyFix(text, finding.fix)).toBe(fixed);
    expect(parseStsRecord(fixed).findings).toEqual([]);
  });

  it('treats WSP after the last field without a `;` as part of the field (mox rejects it)', () => {
    const parsed = parseStsRecord('v=STSv1; id=1 ');
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS008']);
    expect(parsed.value?.id).toBe('1 ');
  });
});

describe('RFC 8461 §3.1 sts-id (STS007, STS008, STS009)', () => {
  it.each(['1', '20160831085700Z', '20190429T010101', 'a'.repeat(32)])('accepts id=%s', (id) => {
    const parsed = parseStsRecord(`v=STSv1; id=${id}`);
    expect(parsed.findings).toEqual([]);
    expect(parsed.value?.id).toBe(id);
  });

  it.each([
    ['2024-01-01', [12, 22]],
    ['a'.repeat(33), [12, 45]],
    ['abc_def', [12, 19]],
    ['v1.2', [12, 16]],
    ['a=b', [12, 15]],
    ['', [9, 12]],
  ])('reports id=%s and still returns it as written', (id, range) => {
    const parsed = parseStsRecord(`v=STSv1; id=${id}`);
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS008']);
    expect(parsed.findings[0]!.data).toEqual({ id });
    expect(at(parsed.findings[0]!)).toEqual(range);
    expect(parsed.value?.id).toBe(id);
  });

  it.each(['v=STSv1', 'v=STSv1;', 'v=STSv1; ID=1', 'v=STSv1; policy=1'])(
    'reports the missing id in %j',
    (text) => {
      const finding = only(text, 'STS007');
      expect(at(finding)).toEqual([0, 7]);
      expect(parseStsRecord(text).value?.id).toBeUndefined();
    },
  );

  it('lets the first id win and warns once about the duplicates, with each one related', () => {
    const text = 'v=STSv1; id=first; x=1; id=second; id=third';
    const parsed = parseStsRecord(text);
    expect(parsed.value?.id).toBe('first');
    const finding = only(text, 'STS009');
    expect(finding.severity).toBe('warning');
    expect(finding.data).toEqual({ n: 3 });
    expect(at(finding)).toEqual([24, 33]);
    expect(finding.related?.map((r) => r.range.start.character)).toEqual([9, 24, 35]);
    expect(hasErrors(parsed.findings)).toBe(false);
  });

  it('keeps a bad first id as the value even when a later id is valid', () => {
    const parsed = parseStsRecord('v=STSv1; id=2024-01-01; id=20240101');
    expect(parsed.value?.id).toBe('2024-01-01');
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS008', 'STS009']);
  });
});

describe('RFC 8461 §3.1 sts-extension (STS010, STS011)', () => {
  it('lists every field in order and notes unknown ones (§3.2: ignored by senders)', () => {
    const parsed = parseStsRecord('v=STSv1; a.b-c_d=x:y/z; id=1; Z9=~');
    expect(parsed.value?.fields.map((f) => [f.name, f.value])).toEqual([
      ['a.b-c_d', 'x:y/z'],
      ['id', '1'],
      ['Z9', '~'],
    ]);
    expect(parsed.findings.map((f) => [f.code, f.data?.['name'], at(f)])).toEqual([
      ['STS011', 'a.b-c_d', [9, 16]],
      ['STS011', 'Z9', [30, 32]],
    ]);
  });

  it.each([
    ['v=STSv1; id=1; enforce', 'enforce', [15, 22]],
    ['v=STSv1; id=1; _x=1', '_x=1', [15, 19]],
    ['v=STSv1; id=1; -x=1', '-x=1', [15, 19]],
    [`v=STSv1; id=1; ${'n'.repeat(33)}=1`, `${'n'.repeat(33)}=1`, [15, 50]],
    ['v=STSv1; id=1; x=', 'x=', [15, 17]],
    ['v=STSv1; id=1; x=a=b', 'x=a=b', [15, 20]],
    ['v=STSv1; id = 1', 'id = 1', [9, 15]],
    ['v=STSv1; id=1; x =1', 'x =1', [15, 19]],
  ])('reports the malformed field in %j once', (text, shown, range) => {
    const finding = only(text, 'STS010');
    expect(codes(text)).toEqual(['STS010']);
    expect(finding.data).toEqual({ text: shown });
    expect(at(finding)).toEqual(range);
  });

  it('still reads an id written with spaces around `=` (the malformed field is the one defect)', () => {
    expect(parseStsRecord('v=STSv1; id = 1').value?.id).toBe('1');
  });
});

describe('RFC 8461 §3.1 "MUST be US-ASCII" (STS012)', () => {
  it.each([
    ['v=STSv1; id=1; note=café', [23, 24]],
    ['v=STSv1; id=1; note=\u{1F600}', [20, 22]],
    ['v=STSv1; id=1\n', [13, 14]],
    ['v=STSv1; id=1; x=\x7f', [17, 18]],
    ['v=STSv1; id=1; x=\x00é', [17, 18]],
  ])('points at the first offending character of %j and reports nothing else', (text, range) => {
    const parsed = parseStsRecord(text);
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS012']);
    expect(at(parsed.findings[0]!)).toEqual(range);
  });

  it('allows HTAB in delimiters', () => {
    expect(parseStsRecord('v=STSv1;\tid=1\t;').findings).toEqual([]);
  });
});

describe('shared field tokenizer (RFC 8461 §3.1 / RFC 8460 §3 delimiters)', () => {
  it('keeps the spaces around `,` inside a field and splits only before `name=`', () => {
    const layout = tokenizeFields('v=1; rua=a , b=c d=e', 3);
    expect(layout.segments.map((s) => s.text)).toEqual(['rua=a , b=c', 'd=e']);
    expect(layout.missingDelims).toEqual([{ start: 16, end: 17 }]);
  });

  it('shows invisible characters escaped and shortens long text', () => {
    expect(displayText('a\tb\u00a0c\ufeff')).toBe('a\\u0009b\\u00A0c\\uFEFF');
    expect(displayText('x'.repeat(100))).toBe(`${'x'.repeat(80)}…`);
  });
});

const validId = fc.stringMatching(/^[A-Za-z0-9]{1,32}$/);
const extName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/).filter((n) => n !== 'id');
const extValue = fc.stringMatching(/^[\x21-\x3a\x3c\x3e-\x7e]{1,20}$/);
const wsp = fc.stringMatching(/^[ \t]{0,2}$/);
/** Fragments that often combine into near-valid records, to reach deep branches. */
const fragments = fc
  .array(
    fc.constantFrom(
      'v=STSv1',
      'V=stsv1',
      'id=',
      'id',
      '=',
      ';',
      ' ',
      '\t',
      'abc',
      '123',
      '-',
      '\u00e9',
      '\n',
      '\ufeff',
      '\u{1F600}',
      '\ud800',
      'x=1',
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

function expectSound(text: string): void {
  const parsed = parseStsRecord(text);
  for (const f of parsed.findings) {
    expect(f.code).not.toBe('INT001');
    // Every placeholder of the template is filled (the record text itself may hold `{x}`).
    for (const [, name] of catalogue[f.code].message.matchAll(/\{(\w+)\}/g)) {
      expect(f.data).toHaveProperty(name!);
    }
    const ranges = [
      f.range!,
      ...(f.related ?? []).map((r) => r.range),
      ...(f.fix?.edits ?? []).map((e) => e.range),
    ];
    for (const r of ranges) {
      expect(r.start.line).toBe(0);
      expect(r.end.line).toBe(0);
      expect(r.start.character).toBeGreaterThanOrEqual(0);
      expect(r.start.character).toBeLessThanOrEqual(r.end.character);
      expect(r.end.character).toBeLessThanOrEqual(text.length);
    }
  }
}

describe('RFC 8461 §3.1 properties', () => {
  it('never throws and keeps every range on line 0 inside the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 60 }), fragments),
        expectSound,
      ),
      { numRuns: 400 },
    );
  });

  it('accepts every record generated from the grammar', () => {
    const field = fc.oneof(
      validId.map((id) => ({ id })),
      fc.tuple(extName, extValue).map(([n, v]) => ({ ext: `${n}=${v}` })),
    );
    fc.assert(
      fc.property(
        validId,
        fc.array(field, { maxLength: 4 }),
        fc.array(wsp, { minLength: 12, maxLength: 12 }),
        fc.boolean(),
        (id, others, spaces, trailing) => {
          const items = [`id=${id}`, ...others.map((f) => ('id' in f ? `id=${f.id}` : f.ext))];
          const delim = (i: number): string => `${i === 0 ? '' : (spaces[i] ?? '')};${spaces[i + 6] ?? ''}`;
          const text = `v=STSv1${items.map((item, i) => delim(i) + item).join('')}${trailing ? delim(1) : ''}`;
          const parsed = parseStsRecord(text);
          expect(hasErrors(parsed.findings)).toBe(false);
          expect(parsed.value?.id).toBe(id);
          expectSound(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
