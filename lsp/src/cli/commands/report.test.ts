/** `sts-inspector report` in-process on a folder mixing saved emails, plain and gzip reports. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { cli } from '../cli.test-helpers.js';
import { describe, expect, it } from 'vitest';
import { printJson } from '../output/json.js';
import { writeJson } from './report.js';

const fixtures = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));

/** A folder as an admin keeps it: emails from the inbox, a saved attachment, a plain report, other files. */
function mixedFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sts-report-'));
  mkdirSync(join(dir, 'inbox'));
  copyFileSync(`${fixtures}report-msg/ok--sample-google-com-tlsrpt.eml`, join(dir, 'inbox', 'google.eml'));
  copyFileSync(`${fixtures}report-msg/ok--rfc-8460-5-3-shape.eml`, join(dir, 'inbox', 'sender.eml'));
  const mailRu = readFileSync(`${fixtures}report/ok--sample-mail-ru.json`);
  writeFileSync(join(dir, 'mail.ru.json.gz'), gzipSync(mailRu));
  copyFileSync(`${fixtures}report/ok--sample-validation-failure-testing.json`, join(dir, 'testing.json'));
  writeFileSync(join(dir, 'notes.txt'), 'not a report');
  return dir;
}

describe('sts-inspector report: .eml, .json, .json.gz and folders (RFC 8460 §5)', () => {
  it('summarises a folder mixing all kinds, with the emails and their metadata in the JSON', async () => {
    const r = await cli('report', '--format', 'json', mixedFolder());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as {
      files: { file: string; kind: string; parsed: boolean; email?: { submitter?: string } }[];
      summary: { reports: number; byDay: { key: string }[]; byPolicyDomain: { key: string }[] };
    };
    expect(doc.files.map((f) => [f.file.split(/[\\/]/).pop(), f.kind, f.parsed])).toEqual([
      ['google.eml', 'report-email', true],
      ['sender.eml', 'report-email', true],
      ['mail.ru.json.gz', 'report', true],
      ['testing.json', 'report', true],
    ]);
    expect(doc.files[0]?.email?.submitter).toBe('google.com');
    expect(doc.summary.reports).toBe(4);
    expect(doc.summary.byPolicyDomain.map((r) => r.key)).toContain('cardinalhealth.ca');
    expect(doc.summary.byDay.length).toBeGreaterThan(0);
  });

  it('prints the per-day table, the largest failures and the number of emails as text', async () => {
    const r = await cli('report', mixedFolder());
    expect(r.code).toBe(0);
    expect(r.out).toContain('4 reports from');
    expect(r.out).toContain('2 of them emails');
    expect(r.out).toContain('Per day (UTC)');
    expect(r.out).toContain('Per receiving IP');
    expect(r.out).toContain('Largest failures per policy domain');
  });

  it('exits 1 on an email without a report (RPT214), and takes a single .eml argument', async () => {
    const r = await cli('report', '--format', 'json', `${fixtures}report-msg/RPT214--no-attachment.eml`);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { files: { parsed: boolean; findings: { code: string }[] }[] };
    expect(doc.files[0]?.parsed).toBe(false);
    expect(doc.files[0]?.findings.map((f) => f.code)).toContain('RPT214');
  });

  it('says which kinds it looks for when a folder has none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sts-report-'));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const r = await cli('report', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('.eml');
  });
});

describe('the JSON output written in pieces', () => {
  it('is exactly what printJson writes, at every depth', () => {
    const bodies: Record<string, unknown>[] = [
      {},
      { files: [], summary: {} },
      {
        files: [
          {
            file: 'a.eml',
            kind: 'report-email',
            email: { part: { bytes: 1 } },
            findings: [{ code: 'X', data: { a: [1, [2, {}]] } }],
          },
          { file: 'b', skipped: undefined, findings: [] },
        ],
        summary: {
          byDay: [{ key: null, details: [], nested: { deeper: { deepest: ['é', '\u2028'] } } }],
          n: 1.5,
        },
        list: [undefined, null, 'x'],
      },
    ];
    for (const body of bodies) {
      let out = '';
      writeJson((t) => (out += t), 'report', body);
      expect(out).toBe(printJson('report', body));
    }
  });

  it('hands the text out in pieces of bounded size', () => {
    const findings = Array.from({ length: 20_000 }, (_, i) => ({
      code: 'RPT122',
      message: `finding ${i}`,
      path: ['p', i],
    }));
    const pieces: string[] = [];
    writeJson((t) => pieces.push(t), 'report', { files: [{ findings }] });
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2 << 20);
    expect(pieces.join('')).toBe(printJson('report', { files: [{ findings }] }));
  });
});
