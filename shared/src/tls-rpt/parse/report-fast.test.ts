/**
 * The fast path gives what the positioned path gives: the same typed report and the same findings (codes, paths,
 * ranges, data, messages, order), on every fixture and on generated reports; and it declines exactly where
 * `JSON.parse` would hide something (syntax errors, duplicate names, deep nesting).
 */
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseReport } from './report.js';
import { parseReportFast } from './report-fast.js';
import { createTreeLocator, parseJsonDocument } from './report-json.js';
import { pathsOf } from './json-paths.test-helpers.js';
import { locatePaths, type LocateRequest } from './report-locate.js';
import { reportKeysIn } from '../model/report-keys.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** The report texts of every fixture: plain, gzip (decompressed) and the reports inside the emails. */
function fixtureTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const folder of ['report', 'regressions/report']) {
    let files: string[] = [];
    try {
      files = readdirSync(`${fixtures}${folder}`);
    } catch {
      continue;
    }
    for (const file of files.filter((f) => !f.endsWith('.findings.json') && !f.endsWith('.options.json'))) {
      const bytes = readFileSync(`${fixtures}${folder}/${file}`);
      let body: Buffer = bytes;
      if (file.endsWith('.gz') && !(bytes[0] === 0x1f && bytes[1] === 0x8b)) {
        // Refused before any JSON is read (RPT130).
        continue;
      }
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
          body = gunzipSync(bytes, { maxOutputLength: 1 << 20 });
        } catch {
          continue;
        }
      }
      out.push({ name: `${folder}/${file}`, text: new TextDecoder().decode(body) });
    }
  }
  return out;
}

function expectSame(text: string): void {
  const fast = parseReport(text);
  const positioned = parseReport(text, { positioned: true });
  expect(fast).toEqual(positioned);
  // Order matters too (toEqual on arrays already checks it); key order of the typed report does not.
}

describe('RFC 8460 §4 fast path = positioned path', () => {
  const texts = fixtureTexts();

  it('on every report fixture', () => {
    expect(texts.length).toBeGreaterThan(50);
    for (const { name, text } of texts) {
      const fast = parseReport(text);
      const positioned = parseReport(text, { positioned: true });
      expect(fast, name).toEqual(positioned);
    }
  });

  it('takes the fast way for every fixture that is valid JSON without duplicate names', () => {
    const declined = texts
      .filter(({ text }) => parseReportFast(text, 64) === undefined)
      .map(({ name }) => name.replace(/^.*\//, ''));
    expect(
      declined.every((name) => /^RPT10[12]--/.test(name)),
      declined.join(', '),
    ).toBe(true);
  });

  it('declines on syntax errors, duplicate names and deep nesting', () => {
    expect(parseReportFast('{"a": 1,}', 64)).toBeUndefined();
    expect(parseReportFast('{"report-id": "a", "report-id": "b"}', 64)).toBeUndefined();
    expect(parseReportFast('{"x": {"a": "1:2", "a": "3"}}', 64)).toBeUndefined();
    expect(parseReportFast(`{"x": ${'['.repeat(70)}${']'.repeat(70)}}`, 64)).toBeUndefined();
    // Duplicates behind colons that only the exact hop can place: white space before a member's colon, a string
    // value that starts with white space and a colon, an escaped quote before a colon.
    expect(parseReportFast('{"a" : " :", "a" : 1}', 64)).toBeUndefined();
    expect(parseReportFast('{"a": "q\\":", "a": 2}', 64)).toBeUndefined();
    expect(parseReportFast('{"a"\n:\t1, "b": {"a" :1, "a": 2}}', 64)).toBeUndefined();
    for (const text of [
      '{"x": ":", "y": "a:b"}',
      '{"x": 1, "y": "\\u003a"}',
      '{"a" : " :", "b" : 1}',
      '{"a": "q\\":", "report-id": 2}',
      '{"x\\"": {"y" :"\\"" , "organization-name"\r\n: 7}}',
      // V8 lists names like array indexes first: such a report is placed by the structural scan.
      '{"organization-name": 5, "7": {"a": 1}, "policies": [{"failure-details": [{"0": 1, "result-type": 2}]}]}',
    ]) {
      expect(parseReportFast(text, 64), text).toBeDefined();
      expectSame(text);
    }
    expect(parseReport('{"report-id": "a", "report-id": "b"}').findings.map((f) => f.code)).toContain(
      'RPT102',
    );
  });

  it('keeps a byte order mark out of JSON.parse but in the positions', () => {
    const text = `\uFEFF{"organization-name": 5}`;
    expect(parseReportFast(text, 64)).toBeDefined();
    expectSame(text);
  });
});

// Generated reports: every kind of value in every place, so that each rule fires somewhere.
const ipValues = [
  '192.0.2.1',
  '2001:db8::1',
  '2001:DB8:0:0::1',
  '',
  '010.0.0.1',
  'mx.example',
  '::ffff:192.0.2.1',
];
const stringValues = ['', ' ', 'x', 'a:b', 'é', 'see\nlog', 'https://example.com/a', 'no uri', '\u0000'];
const resultTypes = [
  'starttls-not-supported',
  'certificate-host-mismatch',
  'certificate-not-trusted',
  'validation-failure',
  'tlsa-invalid',
  'dane-required',
  'sts-policy-fetch-error',
  'sts-webpki-invalid',
  'free-text',
];
const scalar = fc.oneof(
  fc.constantFrom<unknown>(...stringValues, ...ipValues, 0, 3, -1, 1.5, 1e300, true, null),
  fc.string({ maxLength: 6 }),
);
const odd = fc.oneof(scalar, fc.constantFrom<unknown>([], {}, ['x', 1], { a: 'b:c' }, [[[]]]));
const detailKeys = [
  ...reportKeysIn('failure-detail').map((k) => k.name),
  'session-count',
  'failure-error-code',
  'additional-info-uri',
  'Result_Type',
  'x-extra',
  '__proto__',
  'a:b',
];
const detailArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.dictionary(fc.constantFrom(...detailKeys), fc.oneof(scalar, odd), { maxKeys: 9 }),
  },
  {
    weight: 8,
    arbitrary: fc.record(
      {
        'result-type': fc.constantFrom(...resultTypes),
        'sending-mta-ip': fc.constantFrom(...ipValues),
        'receiving-mx-hostname': fc.constantFrom('mx1.example.com', ''),
        'receiving-ip': fc.constantFrom(...ipValues),
        'failed-session-count': fc.constantFrom<unknown>(1, 2, 10, '3', -2),
        'failure-reason-code': fc.constantFrom('X509_V_ERR', ' '),
        'additional-information': fc.constantFrom(...stringValues),
        'session-count': fc.constantFrom(4),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: odd },
);
const entryArb = fc.record(
  {
    policy: fc.record(
      {
        'policy-type': fc.constantFrom<unknown>('sts', 'tlsa', 'no-policy-found', 'other', 3),
        'policy-string': fc.constantFrom<unknown>(['version: STSv1', 'mode: testing'], ['3 0 1 AB'], 'x', []),
        'policy-domain': fc.constantFrom<unknown>('example.com', 'bücher.example', ''),
        'mx-host': fc.constantFrom<unknown>(['*.example.com'], 'mx.example.com', [1]),
      },
      { requiredKeys: ['policy-type'] },
    ),
    summary: fc.oneof(
      fc.record({
        'total-successful-session-count': fc.constantFrom<unknown>(0, 5, '5'),
        'total-failure-session-count': fc.constantFrom<unknown>(0, 1, 3, 13, 'x'),
      }),
      fc.record({ 'success-aggregate': fc.constant(1), 'failure-aggregate': fc.constantFrom(3, 4) }),
    ),
    'failure-details': fc.oneof(fc.array(detailArb, { maxLength: 6 }), odd),
    Failure_Details: fc.array(detailArb, { maxLength: 2 }),
  },
  { requiredKeys: ['policy', 'summary'] },
);
const reportArb = fc.record(
  {
    'organization-name': fc.constantFrom<unknown>('Example', 3),
    'date-range': fc.constantFrom<unknown>(
      { 'start-datetime': '2024-09-03T00:00:00Z', 'end-datetime': '2024-09-03T23:59:59Z' },
      { 'start-datetime': '2024-09-03T00:00:00', 'end-datetime': '2024-09-02T00:00:00Z' },
      'x',
    ),
    'contact-info': fc.constantFrom<unknown>('a@b.example', 'nope'),
    'report-id': fc.constantFrom<unknown>('r', ''),
    policies: fc.oneof(fc.array(entryArb, { maxLength: 4 }), odd),
    Policies: fc.array(entryArb, { maxLength: 1 }),
    extra: odd,
  },
  { requiredKeys: [] },
);
const layout = fc.constantFrom<(value: unknown) => string>(
  (v) => JSON.stringify(v),
  (v) => JSON.stringify(v, null, 2),
  (v) => JSON.stringify(v, null, '\t').replace(/\n/g, '\r\n'),
  (v) => JSON.stringify(v, null, 1).replace(/\n/g, '\r'),
  (v) => `\uFEFF ${JSON.stringify(v, null, 3)}\n`,
);

describe('properties: fast path = positioned path on generated reports', () => {
  it('on generated reports with every kind of defect, in every layout', () => {
    let fastTaken = 0;
    fc.assert(
      fc.property(reportArb, layout, (report, print) => {
        const text = print(report);
        if (parseReportFast(text, 64)) {
          fastTaken++;
        }
        expectSame(text);
      }),
      { numRuns: 400 },
    );
    // Generated objects have no duplicate names, so the fast way is nearly always taken.
    expect(fastTaken).toBeGreaterThan(300);
  });

  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), layout, (value, print) => expectSame(print(value))),
      { numRuns: 300 },
    );
  });

  it('with small depth bounds', () => {
    fc.assert(
      fc.property(reportArb, fc.integer({ min: 1, max: 8 }), (report, maxDepth) => {
        const text = JSON.stringify(report);
        expect(parseReport(text, { maxDepth })).toEqual(parseReport(text, { maxDepth, positioned: true }));
      }),
      { numRuns: 200 },
    );
  });

  it('on generated reports with a duplicate name spliced in', () => {
    fc.assert(
      fc.property(reportArb, fc.nat(), (report, at) => {
        const text = JSON.stringify(report, null, 1);
        const opens = [...text.matchAll(/\{\n/g)].map((m) => m.index);
        if (opens.length === 0) {
          return;
        }
        const i = (opens[at % opens.length] ?? 0) + 2;
        expectSame(`${text.slice(0, i)}"dup": 1, "dup": "a:b",${text.slice(i)}`);
      }),
      { numRuns: 150 },
    );
  });
});

describe('locating paths in one scan = the positioned locator', () => {
  it('for every path and part of arbitrary JSON, in every layout', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), layout, (value, print) => {
        const text = print(value);
        const document = parseJsonDocument(text, 64);
        if (document.findings.length > 0) {
          return; // duplicate names from fc: the fast path never locates in such texts
        }
        const tree = createTreeLocator(text, document.root);
        const requests: LocateRequest[] = pathsOf(JSON.parse(text.replace(/^\uFEFF/, ''))).flatMap((path) =>
          (['key', 'value'] as const).map((part) => ({
            path,
            part,
            range: { start: { line: -1, character: -1 }, end: { line: -1, character: -1 } },
          })),
        );
        expect(locatePaths(text, requests)).toEqual([]);
        for (const r of requests) {
          expect(r.range, JSON.stringify([r.path, r.part])).toEqual(tree.rangeOf(r.path, r.part));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves paths that are not in the document unlocated', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const missing = locatePaths('{"a": [1]}', [
      { path: ['b'], part: 'key', range },
      { path: ['a', 3], part: 'value', range },
    ]);
    expect(missing).toHaveLength(2);
  });
});
