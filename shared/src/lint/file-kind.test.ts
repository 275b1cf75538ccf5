/** What a file is: every fixture by its content, golden and other JSON files not ours, names that decide. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentKind } from './document-kind.js';
import { detectKind } from './document.js';
import { detectFileKind, fileKindHeadBytes } from './file-kind.js';
import { fixtureFolders } from './fixture-cases.test-helpers.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Fixtures whose content does not say what they are meant as: broken on purpose in the very way the decision
 * looks at. Named for their kind (`--kind`, or a name of ours) they are linted as such.
 */
const notRecognisable: Record<string, string> = {
  'mta-sts-record/STS005--spf-record.txt': 'not a policy',
  'tls-rpt-record/RPT005--dmarc-record.txt': 'not a policy',
  'report/RPT101--empty.json': 'an empty file',
};

describe('detectFileKind: every fixture by its content', () => {
  for (const [folder, kind] of Object.entries(fixtureFolders)) {
    it(`${folder}: ${kind}`, () => {
      for (const file of readdirSync(`${fixturesDir}${folder}`)) {
        const content = new Uint8Array(readFileSync(`${fixturesDir}${folder}/${file}`));
        const decision = detectFileKind(file, content);
        if (file.endsWith('.findings.json') || file.endsWith('.options.json')) {
          expect(decision.kind, file).toBeUndefined();
          continue;
        }
        const expected = notRecognisable[`${folder}/${file}`];
        if (expected === undefined) {
          expect(decision, file).toMatchObject({ kind });
        } else {
          expect(decision.kind, file).toBeUndefined();
          expect(decision.kind === undefined ? decision.reason : '', file).toContain(expected);
        }
      }
    });
  }
});

describe('detectFileKind: names and content', () => {
  it('takes the names that say what a file is, whatever it holds', () => {
    const cases: [string, DocumentKind][] = [
      ['mta-sts.txt', 'policy'],
      ['dir/MTA-STS.TXT', 'policy'],
      ['example.com.mta-sts.txt', 'policy'],
      ['example.com.policy.txt', 'policy'],
      ['saved.eml', 'report-email'],
      ['google.com!example.com!1700000000!1700086399.json', 'report'],
      ['broken.json.gz', 'report'],
    ];
    for (const [name, kind] of cases) {
      expect(detectFileKind(name, bytes('hello')), name).toEqual({ kind, by: 'name' });
    }
  });

  it('a JSON file is a report only if it looks like one', () => {
    expect(detectFileKind('package.json', readFileSync(`${repoRoot}package.json`))).toMatchObject({
      kind: undefined,
      reason: expect.stringContaining('without the members of a TLS-RPT report') as string,
    });
    expect(detectFileKind('x.findings.json', bytes('[]\n')).kind).toBeUndefined();
    expect(detectFileKind('tsconfig.json', bytes('{ "extends": "../tsconfig.base.json" }')).kind).toBe(
      undefined,
    );
    const report = '\uFEFF  {\n  "organization-name": "x"';
    expect(detectFileKind('anything', bytes(report))).toEqual({ kind: 'report', by: 'content' });
    // A member name inside a string value is not enough: the name must be quoted as a member is.
    expect(detectFileKind('x.json', bytes('{"note": "see policies"}')).kind).toBeUndefined();
  });

  it('gzip is a report under a .gz or .json name, never an archive', () => {
    const gz = new Uint8Array(gzipSync('{"policies": []}'));
    expect(detectFileKind('report.gz', gz).kind).toBe('report');
    expect(detectFileKind('report.json', gz).kind).toBe('report');
    expect(detectFileKind('backup.tar.gz', gz).kind).toBeUndefined();
    expect(detectFileKind('backup.tgz', gz).kind).toBeUndefined();
    expect(detectFileKind('data.bin', gz).kind).toBeUndefined();
  });

  it('tells policies and records by content, under any name', () => {
    expect(detectFileKind('example.com.txt', bytes('version: STSv1\nmode: testing\n')).kind).toBe('policy');
    expect(detectFileKind('policy', bytes('mode: enforce\nmx: mail.example.com\n')).kind).toBe('policy');
    expect(detectFileKind('notes.txt', bytes('version: 1.2\nhello\n')).kind).toBeUndefined();
    expect(detectFileKind('record', bytes('v=STSv1; id=1')).kind).toBe('sts-record');
    expect(detectFileKind('record', bytes(' v = TLSRPTv1; rua=mailto:a@b.c')).kind).toBe('tlsrpt-record');
  });

  it('an email is ours only when it is about TLS-RPT (an .eml name always is)', () => {
    const letter = bytes(
      'From: a@example.com\r\nTo: b@example.com\r\nSubject: lunch\r\nMIME-Version: 1.0\r\n\r\nNoon?\r\n',
    );
    expect(detectFileKind('message', letter)).toEqual({
      kind: undefined,
      reason: 'an email that is not a TLS-RPT report',
    });
    expect(detectFileKind('message.eml', letter).kind).toBe('report-email');
    const google = readFileSync(`${fixturesDir}report-msg/ok--sample-google-com-tlsrpt.eml`);
    expect(detectFileKind('message', google)).toEqual({ kind: 'report-email', by: 'content' });
  });

  it('says why a file is not ours', () => {
    expect(detectFileKind('x', new Uint8Array())).toEqual({ kind: undefined, reason: 'an empty file' });
    expect(detectFileKind('x.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toEqual({
      kind: undefined,
      reason: 'binary data',
    });
  });

  it('looks at the first fileKindHeadBytes bytes only', () => {
    const late = `{${' '.repeat(fileKindHeadBytes)}"policies": []}`;
    expect(detectFileKind('x.json', bytes(late)).kind).toBeUndefined();
    expect(detectFileKind('x.json', bytes(late).subarray(0, fileKindHeadBytes)).kind).toBeUndefined();
  });

  it('detectKind is its kind, for callers that need no reason', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 200 }), (name, content) => {
        expect(detectKind(name, content)).toBe(detectFileKind(name, content).kind);
      }),
    );
  });

  it('never throws, on any name and bytes', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 6000 }), (name, content) => {
        const decision = detectFileKind(name, content);
        expect(decision.kind === undefined ? decision.reason.length : decision.by.length).toBeGreaterThan(0);
      }),
    );
  });
});
