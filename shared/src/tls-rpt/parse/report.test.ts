import { testGunzip } from '../../gzip/node-gunzip.test-helpers.js';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../findings/catalogue.js';
import type { Finding } from '../../findings/types.js';
import type { Decompressor } from '../../gzip/decompressor.js';
import { createLineIndex } from '../../text/line-index.js';
import { parseReport, readReportBytes } from './report.js';
import { parseJsonDocument } from './report-json.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/report/', import.meta.url));
const fixture = (name: string): string => readFileSync(`${fixtures}${name}`, 'utf8');
const minimal = fixture('ok--minimal-sts.json');
const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

const zlib = testGunzip;

describe('real reports (test/fixtures/samples, copied into the fixtures) parse without errors', () => {
  const samples = readdirSync(fixtures).filter((f) => /--sample-.*(?<!\.findings)\.json$/.test(f));

  it('has the three JSON samples', () => {
    expect(samples).toHaveLength(3);
  });

  const originals = fileURLToPath(new URL('../../../../test/fixtures/samples/', import.meta.url));
  it('the copies equal the samples in test/fixtures/samples', () => {
    const names = readdirSync(originals).filter((f) => f.endsWith('.json'));
    expect(names).toHaveLength(samples.length);
    for (const name of names) {
      const copy = samples.find((s) =>
        s.endsWith(`--sample-${name.replace(/\.json$/, '').replace(/\./g, '-')}.json`),
      );
      expect(copy, name).toBeDefined();
      expect(fixture(copy!)).toBe(readFileSync(`${originals}${name}`, 'utf8'));
    }
  });

  it.each(samples)('%s', (name) => {
    const parsed = parseReport(fixture(name));
    expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(parsed.value?.policies.length).toBe(1);
  });

  it('reads Mail.ru: no IPs, free-text reasons, details adding up to more than the total (RPT119)', () => {
    const parsed = parseReport(fixture('ok--sample-mail-ru.json'));
    expect(parsed.findings.map((f) => f.code)).toEqual(['RPT116', 'RPT119']);
    const policy = parsed.value?.policies[0];
    expect(policy?.failureCount).toBe(1);
    expect(policy?.failureDetails.map((d) => d['failure-reason-code'])).toEqual([
      'bad https response code: 404',
      'bad https response code: 500',
    ]);
  });

  it('reads empty detail strings as warnings, never a refusal', () => {
    const parsed = parseReport(fixture('RPT122--sample-empty-failure-detail-fields.json'));
    expect(parsed.findings.map((f) => [f.code, f.severity, f.path?.at(-1)])).toEqual([
      ['RPT122', 'warning', 'sending-mta-ip'],
      ['RPT122', 'warning', 'receiving-ip'],
      ['RPT124', 'warning', 'additional-information'],
    ]);
    expect(parsed.value?.policies[0]?.failureDetails[0]?.['receiving-mx-hostname']).toBe('');
  });
});

describe('parseReport options', () => {
  it('bounds nesting with maxDepth (RPT101, no value)', () => {
    const parsed = parseReport(minimal, { maxDepth: 3 });
    expect(parsed.value).toBeUndefined();
    expect(parsed.findings.map((f) => [f.code, f.path])).toEqual([['RPT101', ['policies', 0, 'policy']]]);
  });

  it('clamps absurd depths instead of overflowing the stack', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const parsed = parseReport(deep, { maxDepth: Number.POSITIVE_INFINITY });
    expect(parsed.findings.map((f) => [f.code, f.data?.maxDepth])).toEqual([['RPT101', 64]]);
    expect(parseReport(deep, { maxDepth: 1e9 }).findings.map((f) => f.data?.maxDepth)).toEqual([1000]);
  });
});

describe('RFC 8460 §5.2 report bytes: gzip, size bound, UTF-8', () => {
  it('reads gzip through the injected decompressor', async () => {
    const read = await readReportBytes(new Uint8Array(gzipSync(minimal)), { decompress: zlib });
    expect(read.findings).toEqual([]);
    expect(read.text).toBe(minimal);
    expect(read.value?.organizationName).toBe('Company-X');
  });

  it('without a decompressor, gzip is RPT130 saying why', async () => {
    const read = await readReportBytes(new Uint8Array(gzipSync(minimal)));
    expect(read.findings.map((f) => [f.code, f.data?.reason])).toEqual([
      ['RPT130', 'no gzip decompressor is available here, so it cannot be read'],
    ]);
    expect(read.text).toBeUndefined();
    expect(read.value).toBeUndefined();
  });

  it('a gzip bomb is RPT129 with the limit in words', async () => {
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(2048, 0x20)));
    const read = await readReportBytes(bomb, { decompress: zlib, maxDecompressedBytes: 1024 });
    expect(read.findings.map((f) => [f.code, f.message])).toEqual([
      ['RPT129', 'The decompressed report exceeds 1 KiB; not processed'],
    ]);
  });

  it('passes the limit to the decompressor (default 256 MiB, limits.reportBytes)', async () => {
    let seen = 0;
    const spy: Decompressor = (bytes, options) => {
      seen = options.maxOutputBytes;
      return zlib(bytes, options);
    };
    await readReportBytes(new Uint8Array(gzipSync(minimal)), { decompress: spy });
    expect(seen).toBe(256 * 1024 * 1024);
  });

  it('bounds plain JSON the same way', async () => {
    const read = await readReportBytes(bytesOf(minimal), { maxDecompressedBytes: 100 });
    expect(read.findings.map((f) => [f.code, f.data?.limit])).toEqual([['RPT129', '100 bytes']]);
  });

  it('corrupt gzip is RPT130 with the decompressor message; a rejecting decompressor too', async () => {
    const truncated = new Uint8Array(gzipSync(minimal)).subarray(0, 40);
    const read = await readReportBytes(truncated, { decompress: zlib });
    expect(read.findings.map((f) => f.code)).toEqual(['RPT130']);
    expect(read.findings[0]?.data?.reason).toMatch(/end of file/);
    const throwing: Decompressor = () => Promise.reject(new Error('boom'));
    const thrown = await readReportBytes(truncated, { decompress: throwing });
    expect(thrown.findings.map((f) => [f.code, f.data?.reason])).toEqual([['RPT130', 'boom']]);
  });

  it('gzip inside gzip is not JSON (RPT101)', async () => {
    const twice = new Uint8Array(gzipSync(gzipSync(minimal)));
    const read = await readReportBytes(twice, { decompress: zlib });
    expect(read.findings.map((f) => [f.code, f.data?.reason])).toEqual([
      ['RPT101', 'the decompressed content is gzip again'],
    ]);
  });

  it('invalid UTF-8 is RPT101 at the first bad byte; the rest is still read', async () => {
    const good = bytesOf(minimal.replace('"Company-X"', '"Company-X Ä M"'));
    const bad = good.slice();
    const at = bad.indexOf(0xc3);
    bad[at] = 0xfc;
    const read = await readReportBytes(bad);
    const [encoding, ...rest] = read.findings;
    expect(encoding?.code).toBe('RPT101');
    expect(encoding?.data).toEqual({ reason: 'not valid UTF-8', byteOffset: at });
    expect(
      read.text!.split('\n')[encoding!.range!.start.line]!.slice(encoding!.range!.start.character),
    ).toMatch(/^\uFFFD/);
    expect(rest).toEqual([]);
    expect(read.value?.organizationName).toBe('Company-X \uFFFD\uFFFD M');
  });

  it.each([
    [[0x80], 0],
    [[0x41, 0xc0, 0x80], 1],
    [[0xe0, 0x80, 0x80], 0],
    [[0xed, 0xa0, 0x80], 0],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0x41, 0xe2, 0x82], 1],
    [[0xf0, 0x9f, 0x98, 0x41], 0],
  ])('%j breaks UTF-8 at byte %d', async (bytes, offset) => {
    const read = await readReportBytes(new Uint8Array(bytes));
    expect(read.findings[0]?.data).toEqual({ reason: 'not valid UTF-8', byteOffset: offset });
  });

  it('accepts valid multi-byte UTF-8 and drops a UTF-8 byte order mark', async () => {
    const text = minimal.replace('"Company-X"', '"Société 😀 日本"');
    const read = await readReportBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(text)]));
    expect(read.findings).toEqual([]);
    expect(read.text).toBe(text);
  });
});

/** Every range lies inside the text and every path resolves in the document's tree. */
function checkPositions(text: string, findings: Finding[]): void {
  const index = createLineIndex(text);
  const document = parseJsonDocument(text, 64);
  const tooDeep = findings.some((f) => f.code === 'RPT101' && String(f.data?.reason).includes('deeper'));
  for (const f of findings) {
    expect(f.code).not.toBe('INT001');
    for (const [, name] of catalogue[f.code].message.matchAll(/\{(\w+)\}/g)) {
      expect(f.data, `${f.code} needs {${name}}`).toHaveProperty(name!);
    }
    expect(f.range).toBeDefined();
    expect(f.path).toBeDefined();
    const start = index.offsetAt(f.range!.start);
    const end = index.offsetAt(f.range!.end);
    expect(start).toBeLessThanOrEqual(end);
    expect(end).toBeLessThanOrEqual(text.length);
    expect(index.positionAt(start)).toEqual(f.range!.start);
    expect(index.positionAt(end)).toEqual(f.range!.end);
    if (!tooDeep && document.root) {
      expect(document.locator.rangeOf(f.path!, 'key'), JSON.stringify(f)).toBeDefined();
    }
  }
}

describe('properties: parseReport never throws, ranges stay inside, paths resolve', () => {
  const base = JSON.parse(minimal) as unknown;
  const texts = readdirSync(fixtures)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.findings.json'))
    .map((f) => readFileSync(`${fixtures}${f}`, 'latin1'));

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: fc.constantFrom(...'{}[]":,\\ \n/*0-1eatrunl') }),
        ),
        (text) => {
          checkPositions(text, parseReport(text).findings);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on arbitrary JSON values: valid JSON never gets RPT101', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const parsed = parseReport(text);
        expect(parsed.findings.map((f) => f.code)).not.toContain('RPT101');
        checkPositions(text, parsed.findings);
      }),
      { numRuns: 300 },
    );
  });

  it('on valid reports with one member replaced by an arbitrary JSON value', () => {
    const paths: (string | number)[][] = [
      ['organization-name'],
      ['date-range'],
      ['date-range', 'end-datetime'],
      ['policies'],
      ['policies', 0],
      ['policies', 0, 'policy'],
      ['policies', 0, 'policy', 'policy-type'],
      ['policies', 0, 'policy', 'policy-string'],
      ['policies', 0, 'policy', 'mx-host'],
      ['policies', 0, 'summary', 'total-failure-session-count'],
      ['policies', 0, 'failure-details'],
      ['policies', 0, 'failure-details', 0],
      ['policies', 0, 'failure-details', 0, 'sending-mta-ip'],
      ['policies', 0, 'failure-details', 0, 'failed-session-count'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), (path, replacement) => {
        const copy = structuredClone(base) as Record<string | number, unknown>;
        let target = copy;
        for (const segment of path.slice(0, -1)) {
          target = target[segment] as Record<string | number, unknown>;
        }
        target[path[path.length - 1]!] = replacement;
        const text = JSON.stringify(copy, null, 2);
        const parsed = parseReport(text);
        expect(parsed.value).toBeDefined();
        checkPositions(text, parsed.findings);
      }),
      { numRuns: 300 },
    );
  });

  it('on fixtures with random cuts and insertions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.nat(),
        fc.nat({ max: 40 }),
        fc.string({ unit: fc.constantFrom(...'{}[]":,\\ \n/*0-1eE.+xu"'), maxLength: 8 }),
        (text, at, cut, insert) => {
          const i = at % (text.length + 1);
          const mutated = text.slice(0, i) + insert + text.slice(i + cut);
          checkPositions(mutated, parseReport(mutated).findings);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('bounds on what a report costs: findings capped and counted, syntax errors bounded', () => {
  /** A report with `n` failure details, each with an invalid sending IP (RPT122, a warning). */
  const dense = (n: number, broken = ''): string => {
    const report = JSON.parse(minimal) as { policies: { 'failure-details'?: unknown[] }[] };
    const details = Array.from({ length: n }, () => ({
      'result-type': 'starttls-not-supported',
      'sending-mta-ip': 'not an address',
      'receiving-mx-hostname': 'mx.example.com',
      'receiving-ip': '192.0.2.1',
      'failed-session-count': 1,
    }));
    report.policies[0]!['failure-details'] = details;
    return JSON.stringify(report) + broken;
  };

  it('keeps maxFindings findings and counts the rest by severity, on both paths', () => {
    const text = dense(30);
    for (const positioned of [false, true]) {
      const all = parseReport(text, { positioned, maxFindings: Infinity });
      const capped = parseReport(text, { positioned, maxFindings: 5 });
      expect(capped.findings).toHaveLength(5);
      expect(capped.counts).toEqual(all.counts);
      expect(capped.counts.warning).toBe(all.findings.filter((f) => f.severity === 'warning').length);
      expect(capped.value).toEqual(all.value);
    }
  });

  it('lists the first syntax errors and says that more follow', () => {
    // Each pair lacks its comma; the commas between pairs keep the errors apart (no echo of the one before).
    const text = `[${'1 1, '.repeat(50)}1]`;
    const read = parseReport(text);
    const syntax = read.findings.filter((f) => f.code === 'RPT101');
    expect(syntax).toHaveLength(21);
    expect(syntax.at(-1)?.data?.reason).toMatch(/more syntax errors follow/);
  });

  it('reads a large text that is not JSON by a scan without a tree: syntax errors only, no value', () => {
    const text = dense(20, ',');
    const read = parseReport(text, { maxTolerantBytes: 100 });
    expect(read.value).toBeUndefined();
    expect(read.findings.map((f) => [f.code, f.data?.reason])).toEqual([
      ['RPT101', 'more text after the end of the JSON value'],
    ]);
    const tolerant = parseReport(text).findings.find((f) => f.code === 'RPT101');
    expect(read.findings[0]?.range).toEqual(tolerant?.range);
    // A report of commas: one error per comma from the parser, one finding.
    const commas = parseReport(`[${','.repeat(100_000)}]`, { maxTolerantBytes: 1000 });
    expect(commas.findings.map((f) => f.code)).toEqual(['RPT101']);
  });

  it('reads a large report with a duplicate member name by the scan: RPT102 where the tree puts it, no value', () => {
    const report = JSON.stringify(JSON.parse(dense(20)));
    // The same name twice in the first policy entry: JSON.parse keeps the last, so the fast path declines.
    const text = report.replace('"policy":{', '"policy":{"policy-type":"sts",');
    expect(text).not.toBe(report);
    const read = parseReport(text, { maxTolerantBytes: 100 });
    expect(read.value).toBeUndefined();
    const tolerant = parseReport(text).findings.filter((f) => f.code === 'RPT102');
    expect(tolerant).toHaveLength(1);
    expect(read.findings).toEqual(tolerant);
  });

  it('names an object with more members than the scan compares when it holds the repeat', () => {
    const names = Array.from({ length: 70_000 }, (_, i) => `"m${i}":0`).join(',');
    const text = `{${names},"m69999":1}`;
    const read = parseReport(text, { maxTolerantBytes: 100 });
    expect(read.value).toBeUndefined();
    expect(read.findings.map((f) => [f.code, f.range?.start])).toEqual([
      ['RPT102', { line: 0, character: text.indexOf('"m65536"') }],
    ]);
    expect(read.findings[0]?.message).toMatch(/more than 65536 names/);
  });
});
