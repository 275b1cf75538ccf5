import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../findings/catalogue.js';
import { hasErrors } from '../../findings/finding.js';
import type { Finding, Fix } from '../../findings/types.js';
import { isNearMissTlsRpt, isTlsRptRecordCandidate, parseTlsRptRecord } from './record.js';

const codes = (text: string): string[] => parseTlsRptRecord(text).findings.map((f) => f.code);
const only = (text: string, code: string): Finding => {
  const found = parseTlsRptRecord(text).findings.filter((f) => f.code === code);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const at = (f: Finding): [number, number] => [f.range!.start.character, f.range!.end.character];
const rua = (uris: string): string => `v=TLSRPTv1; rua=${uris}`;

/** Apply a fix's edits (single-line text) from the end backwards. */
function applyFix(text: string, fix: Fix | undefined): string {
  expect(fix).toBeDefined();
  const edits = [...fix!.edits].sort((a, b) => b.range.start.character - a.range.start.character);
  return edits.reduce(
    (t, e) => t.slice(0, e.range.start.character) + e.newText + t.slice(e.range.end.character),
    text,
  );
}

describe('RFC 8460 §3 discovery: which TXT values are TLS-RPT records', () => {
  it.each([
    ['v=TLSRPTv1; rua=mailto:a@example.com', true, false],
    ['v=TLSRPTv1 ;rua=mailto:a@example.com', true, false],
    ['v=TLSRPTv1', true, false],
    ['V=TLSRPTv1; rua=mailto:a@example.com', false, true],
    ['v = tlsrptv1; rua=mailto:a@example.com', false, true],
    [' v=TLSRPTv1;rua=mailto:a@example.com', false, true],
    ['v=TLSRPTv2; rua=mailto:a@example.com', false, false],
    ['v=TLSRPTv1x', false, false],
    ['v=DMARC1; p=none', false, false],
    ['v=STSv1; id=1', false, false],
  ])('%j: candidate %s, near miss %s', (text, candidate, nearMiss) => {
    expect(isTlsRptRecordCandidate(text)).toBe(candidate);
    expect(isNearMissTlsRpt(text)).toBe(nearMiss);
  });
});

describe('RFC 8460 §3.1 examples', () => {
  it('reads the MAILTO example', () => {
    const parsed = parseTlsRptRecord('v=TLSRPTv1;rua=mailto:reports@example.com');
    expect(parsed.findings).toEqual([]);
    expect(parsed.value).toEqual({
      version: 'TLSRPTv1',
      rua: [{ uri: 'mailto:reports@example.com', scheme: 'mailto', start: 15, end: 41, valid: true }],
      fields: [
        {
          name: 'rua',
          value: 'mailto:reports@example.com',
          nameStart: 11,
          nameEnd: 14,
          valueStart: 15,
          valueEnd: 41,
        },
      ],
    });
  });

  it('reads the HTTPS example (its two strings joined without spaces)', () => {
    const parsed = parseTlsRptRecord('v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt');
    expect(parsed.findings).toEqual([]);
    expect(parsed.value?.rua.map((d) => [d.scheme, d.uri, d.valid])).toEqual([
      ['https', 'https://reporting.example.com/v1/tlsrpt', true],
    ]);
  });
});

describe('RFC 8460 §3 tlsrpt-version (RPT005)', () => {
  it.each([
    'V=TLSRPTv1; rua=mailto:a@example.com',
    'v = TLSRPTv1; rua=mailto:a@example.com',
    '\tv=tlsrptv1; rua=mailto:a@example.com',
  ])('reports the near miss %j once and fixes the prefix', (text) => {
    const parsed = parseTlsRptRecord(text);
    expect(parsed.findings.map((f) => f.code)).toEqual(['RPT005']);
    expect(parsed.value?.rua).toHaveLength(1);
    expect(applyFix(text, parsed.findings[0]!.fix)).toBe('v=TLSRPTv1; rua=mailto:a@example.com');
  });

  it.each([
    ['v=TLSRPTv2; rua=mailto:a@example.com', 'v=TLSRPTv2'],
    ['v=DMARC1; p=none', 'v=DMARC1'],
  ])('gives no value and no fix for %j', (text, prefix) => {
    const parsed = parseTlsRptRecord(text);
    expect(parsed.value).toBeUndefined();
    expect(parsed.findings.map((f) => [f.code, f.data, f.fix])).toEqual([['RPT005', { prefix }, undefined]]);
  });
});

describe('RFC 8460 §3 field-delim (RPT006, RPT018, RPT020)', () => {
  it('warns about space before the first `;` and removes it', () => {
    const text = 'v=TLSRPTv1 ; rua=mailto:a@example.com';
    const finding = only(text, 'RPT006');
    expect(at(finding)).toEqual([10, 11]);
    expect(applyFix(text, finding.fix)).toBe('v=TLSRPTv1; rua=mailto:a@example.com');
  });

  it.each([
    ['v=TLSRPTv1 rua=mailto:a@example.com', [10, 11], 'v=TLSRPTv1; rua=mailto:a@example.com'],
    ['v=TLSRPTv1; rua=mailto:a@example.com x=1', [36, 37], 'v=TLSRPTv1; rua=mailto:a@example.com; x=1'],
  ])('reports a missing `;` in %j instead of RPT007/RPT014 and inserts it', (text, range, fixed) => {
    const finding = only(text, 'RPT018');
    expect(at(finding)).toEqual(range);
    expect(
      parseTlsRptRecord(text)
        .findings.filter((f) => f.severity === 'error')
        .map((f) => f.code),
    ).toEqual(['RPT018']);
    expect(applyFix(text, finding.fix)).toBe(fixed);
    expect(hasErrors(parseTlsRptRecord(fixed).findings)).toBe(false);
  });

  it('warns once about a run of empty fields and removes it', () => {
    const text = 'v=TLSRPTv1;; ;rua=mailto:a@example.com';
    const finding = only(text, 'RPT020');
    expect(finding.severity).toBe('warning');
    expect(at(finding)).toEqual([11, 14]);
    expect(applyFix(text, finding.fix)).toBe('v=TLSRPTv1;rua=mailto:a@example.com');
  });
});

describe('RFC 8460 §3 tlsrpt-rua (RPT007–RPT012)', () => {
  it('reads a comma-separated list with WSP around the commas', () => {
    const parsed = parseTlsRptRecord(
      rua('mailto:a@example.com ,\thttps://r.example.net/x , MAILTO:b@example.org'),
    );
    expect(parsed.findings).toEqual([]);
    expect(parsed.value?.rua.map((d) => [d.uri, d.scheme, d.start, d.end])).toEqual([
      ['mailto:a@example.com', 'mailto', 16, 36],
      ['https://r.example.net/x', 'https', 39, 62],
      ['MAILTO:b@example.org', 'mailto', 65, 85],
    ]);
  });

  it.each([
    'v=TLSRPTv1',
    'v=TLSRPTv1;',
    'v=TLSRPTv1; RUA=mailto:a@example.com',
    'v=TLSRPTv1; ruf=mailto:a@example.com',
  ])('reports the missing rua in %j', (text) => {
    expect(at(only(text, 'RPT007'))).toEqual([0, 10]);
    expect(parseTlsRptRecord(text).value?.rua).toEqual([]);
  });

  it.each([
    ['http://r.example.com/', 'http'],
    ['ftp://r.example.com/', 'ftp'],
    ['HTTP://r.example.com/', 'HTTP'],
    ['tel:+15551234', 'tel'],
  ])('reports the unsupported scheme of %s', (uri, scheme) => {
    const parsed = parseTlsRptRecord(rua(uri));
    expect(parsed.findings.map((f) => [f.code, f.data])).toEqual([['RPT008', { uri, scheme }]]);
    expect(parsed.value?.rua[0]?.valid).toBe(false);
  });

  it.each([
    ['tlsrpt@example.com', 'no scheme; write `mailto:` before an address'],
    ['//r.example.com/', 'no scheme'],
    ['mailto:a@example.com mailto:b@example.com', 'it contains a space; separate URIs with `,`'],
    ['<mailto:a@example.com>', '`<` is not allowed in a URI'],
    ['https://r.example.com/a%2', '`%` not followed by two hex digits'],
    ['https:/r.example.com', 'no host'],
    ['https://', 'no host'],
    ['https://bad_host.example/', '`bad_host.example` is not a host name'],
  ])('reports %j as not a valid URI', (uri, reason) => {
    const parsed = parseTlsRptRecord(rua(uri));
    expect(parsed.findings.map((f) => [f.code, f.data])).toEqual([['RPT009', { uri, reason }]]);
    expect(at(parsed.findings[0]!)).toEqual([16, 16 + uri.length]);
  });

  it.each([
    ['mailto:a@example.com,,mailto:b@example.com', [37, 37]],
    ['mailto:a@example.com, ', [38, 38]],
    ['', [16, 16]],
  ])('reports the empty list entry in %j', (uris, range) => {
    const finding = only(rua(uris), 'RPT009');
    expect(finding.data).toEqual({ uri: '', reason: 'empty list entry' });
    expect(at(finding)).toEqual(range);
  });

  it('reads a list too long to spread into a call (200,000 empty entries), one finding each', () => {
    const parsed = parseTlsRptRecord(`v=TLSRPTv1; rua=${','.repeat(200_000)}`);
    expect(parsed.findings.map((f) => f.code)).not.toContain('INT001');
    expect(parsed.value?.rua).toHaveLength(200_001);
    expect(parsed.findings.every((f) => f.code === 'RPT009')).toBe(true);
  });

  it('keeps the other destinations of a list usable when one is bad', () => {
    const parsed = parseTlsRptRecord(
      rua('mailto:a@example.com, http://r.example.com/, https://r.example.com/'),
    );
    expect(parsed.value?.rua.map((d) => d.valid)).toEqual([true, false, true]);
  });

  it('reports an unencoded `!` (DMARC size suffix) and accepts it encoded', () => {
    expect(codes(rua('mailto:a@example.com!10m'))).toEqual(['RPT010']);
    expect(codes(rua('https://r.example.com/a!b'))).toEqual(['RPT010']);
    expect(codes(rua('mailto:a%21b@example.com'))).toEqual([]);
  });

  it.each([
    ['mailto:a@example.com?subject=tls', 'it has a query part (`?…`)'],
    ['mailto:a@example.com%2Cb@example.com', 'it names several addresses'],
    ['mailto:', '`` is not an email address'],
    ['mailto:example.com', '`example.com` is not an email address'],
    ['mailto:a@localhost', '`a@localhost` is not an email address'],
    ['mailto:a..b@example.com', '`a..b@example.com` is not an email address'],
    ['mailto:a@-example.com', '`a@-example.com` is not an email address'],
  ])('warns that %j is not a single valid address (still usable)', (uri, reason) => {
    const parsed = parseTlsRptRecord(rua(uri));
    expect(parsed.findings.map((f) => [f.code, f.severity, f.data])).toEqual([
      ['RPT011', 'warning', { uri, reason }],
    ]);
    expect(parsed.value?.rua[0]?.valid).toBe(true);
  });

  it.each(['mailto:first.last+tag@sub.example.co.uk', 'mailto:a@[192.0.2.1]', 'mailto:%61@example.com'])(
    'accepts the address %j',
    (uri) => expect(codes(rua(uri))).toEqual([]),
  );

  it('notes several rua fields and keeps all their destinations in order', () => {
    const text =
      'v=TLSRPTv1; rua=mailto:a@example.com; x=1; rua=https://r.example.com/; rua=mailto:b@example.com';
    const parsed = parseTlsRptRecord(text);
    const finding = only(text, 'RPT012');
    expect(finding.severity).toBe('info');
    expect(finding.data).toEqual({ n: 3 });
    expect(finding.related).toHaveLength(3);
    expect(parsed.value?.rua.map((d) => d.uri)).toEqual([
      'mailto:a@example.com',
      'https://r.example.com/',
      'mailto:b@example.com',
    ]);
  });
});

describe('RFC 8460 §3 tlsrpt-extension (RPT013, RPT014)', () => {
  it('notes unknown fields', () => {
    const finding = only(rua('mailto:a@example.com; ruf=mailto:a@example.com'), 'RPT013');
    expect(finding.data).toEqual({ name: 'ruf' });
    expect(at(finding)).toEqual([38, 41]);
  });

  it.each([
    [rua('mailto:a@example.com; daily'), 'daily'],
    [rua('mailto:a@example.com;b@example.com'), 'b@example.com'],
    [rua('mailto:a@example.com; x=a=b'), 'x=a=b'],
    [rua('mailto:a@example.com; .x=1'), '.x=1'],
    ['v=TLSRPTv1; rua = mailto:a@example.com', 'rua = mailto:a@example.com'],
  ])('reports the malformed field in %j once', (text, shown) => {
    expect(codes(text)).toEqual(['RPT014']);
    expect(only(text, 'RPT014').data).toEqual({ text: shown });
  });

  it('still reads the destinations of `rua = …`', () => {
    expect(parseTlsRptRecord('v=TLSRPTv1; rua = mailto:a@example.com').value?.rua[0]?.valid).toBe(true);
  });
});

describe('RFC 8460 §3 ABNF: US-ASCII only (RPT015)', () => {
  it.each([
    [rua('mailto:tlsrpt@exämple.com'), [32, 33]],
    [rua('mailto:a@example.com; note=\u00a0'), [43, 44]],
    [`${rua('mailto:a@example.com')}\r`, [36, 37]],
  ])('points at the first offending character of %j and reports nothing else', (text, range) => {
    const parsed = parseTlsRptRecord(text);
    expect(parsed.findings.map((f) => f.code)).toEqual(['RPT015']);
    expect(at(parsed.findings[0]!)).toEqual(range);
  });

  it('marks a destination holding a stray character as unusable', () => {
    expect(parseTlsRptRecord(rua('mailto:tlsrpt@exämple.com')).value?.rua[0]?.valid).toBe(false);
  });
});

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc.array(label, { minLength: 2, maxLength: 4 }).map((labels) => labels.join('.'));
// atext that needs no percent-encoding in a URI, plus `!` encoded as RFC 8460 §3 demands.
const local = fc.stringMatching(/^[A-Za-z0-9!$&'*+=_~-]{1,12}$/).map((l) => l.replaceAll('!', '%21'));
const path = fc.stringMatching(/^(\/[A-Za-z0-9._~-]{0,8}){0,3}$/);
const validUri = fc.oneof(
  fc.tuple(local, domain).map(([l, d]) => `mailto:${l}@${d}`),
  fc.tuple(domain, path).map(([d, p]) => `https://${d}${p}`),
);
const extName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/).filter((n) => n !== 'rua');
const extValue = fc.stringMatching(/^[\x21-\x3a\x3c\x3e-\x7e]{1,20}$/);
const wsp = fc.stringMatching(/^[ \t]{0,2}$/);
const fragments = fc
  .array(
    fc.constantFrom(
      'v=TLSRPTv1',
      'V=tlsrptv1',
      'rua=',
      'rua',
      'mailto:',
      'https://',
      'a@b.c',
      '!',
      '%2C',
      '%',
      ',',
      '=',
      ';',
      ' ',
      '\t',
      'é',
      '\n',
      '\u{1F600}',
      '\udc00',
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

function expectSound(text: string): void {
  const parsed = parseTlsRptRecord(text);
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
  for (const d of parsed.value?.rua ?? []) {
    expect(text.slice(d.start, d.end)).toBe(d.uri);
  }
}

describe('RFC 8460 §3 properties', () => {
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
    const list = fc.tuple(fc.array(validUri, { minLength: 1, maxLength: 3 }), wsp, wsp);
    const field = fc.oneof(
      list.map(([uris, before, after]) => `rua=${uris.join(`${before},${after}`)}`),
      fc.tuple(extName, extValue).map(([n, v]) => `${n}=${v}`),
    );
    fc.assert(
      fc.property(
        list,
        fc.array(field, { maxLength: 3 }),
        wsp,
        wsp,
        fc.boolean(),
        ([uris, b, a], others, s1, s2, trailing) => {
          const items = [`rua=${uris.join(`${b},${a}`)}`, ...others];
          const text = `v=TLSRPTv1${items.map((item, i) => `${i === 0 ? '' : s1};${s2}${item}`).join('')}${trailing ? `${s1};${s2}` : ''}`;
          const parsed = parseTlsRptRecord(text);
          expect(parsed.findings.filter((f) => f.severity !== 'info')).toEqual([]);
          expect(parsed.value?.rua.slice(0, uris.length).map((d) => d.uri)).toEqual(uris);
          expect(parsed.value?.rua.every((d) => d.valid)).toBe(true);
          expectSound(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
