/** `sts-inspector report` in-process on a folder mixing saved emails, plain and gzip reports. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { cli } from '../cli.test-helpers.js';
import { describe, expect, it } from 'vitest';

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
    expect(r.err).toBe('sts-inspector: skipped 1 file that report does not read (--verbose names them)\n');
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

  it('prints the first 50 findings of a file and counts them all; an error past them still exits 1', async () => {
    const report = JSON.parse(readFileSync(`${fixtures}report/ok--sample-mail-ru.json`, 'utf8')) as {
      policies: { 'failure-details': Record<string, unknown>[] }[];
    };
    const details = Array.from({ length: 60 }, () => ({
      'result-type': 'certificate-expired',
      'sending-mta-ip': 'not an address',
      'receiving-mx-hostname': 'mx.example.com',
      'failed-session-count': 1,
    }));
    // The last detail carries the only error (RPT104), after 60 warnings (RPT122).
    details.push({ 'result-type': 'certificate-expired', 'failed-session-count': '1' } as never);
    report.policies[0]!['failure-details'] = details;
    const dir = mkdtempSync(join(tmpdir(), 'sts-report-'));
    writeFileSync(join(dir, 'many.json'), JSON.stringify(report, null, 2));
    const json = await cli('report', '--format', 'json', join(dir, 'many.json'));
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.out) as { files: { findings: { code: string; severity: string }[] }[] };
    const all = doc.files[0]?.findings ?? [];
    expect(all.filter((f) => f.code === 'RPT122')).toHaveLength(60);
    expect(all.findIndex((f) => f.code === 'RPT104')).toBeGreaterThanOrEqual(50);
    const n = (severity: string): number => all.filter((f) => f.severity === severity).length;
    const text = await cli('report', join(dir, 'many.json'));
    expect(text.code).toBe(1);
    const line = text.out.split('\n').find((l) => l.includes('many.json'));
    expect(line).toContain(`${n('error')} error, ${n('warning')} warnings, ${n('info')} info`);
    expect(text.out.split('\n').filter((l) => / RPT\d{3} /.test(l))).toHaveLength(50);
    expect(text.out).not.toContain('RPT104');
    expect(text.out).toContain(`… ${all.length - 50} more findings (all of them with --format json)`);
  });

  it('says which kinds it looks for when a folder has none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sts-report-'));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const r = await cli('report', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('.eml');
  });

  it('refuses a policy named on the command line, saying which command reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sts-report-'));
    writeFileSync(join(dir, 'mta-sts.txt'), 'version: STSv1\nmode: none\nmax_age: 86400\n');
    const r = await cli('report', join(dir, 'mta-sts.txt'));
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `sts-inspector: ${join(dir, 'mta-sts.txt')}: an MTA-STS policy, not a report (sts-inspector lint reads it)\n`,
    );
  });
});
