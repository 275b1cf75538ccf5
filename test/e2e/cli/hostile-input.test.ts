/**
 * Hostile input against the built CLI, as generated files: each once crashed it, ran out of memory or took
 * minutes. Checked by what happened: the finding, the exit code and the peak memory (VmHWM) of the child process,
 * never by wall time. Inputs are as small as the bug allows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { generateReport } from '../../fixtures/report-generator.js';
import { runCliMeasured } from '../../helpers/cli-child.js';

const dir = mkdtempSync(join(tmpdir(), 'sts-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MB = 1024 * 1024;

/**
 * Run the CLI on a file; the run's result and its own peak memory in bytes (VmHWM: the resident high-water mark of
 * the child itself, not of the test worker that started it).
 */
async function run(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; peak: number }> {
  const result = await runCliMeasured(args);
  if (result.peakBytes === undefined) {
    throw new Error(`the child reported no peak memory (exit ${result.code}):\n${result.stderr}`);
  }
  return { code: result.code, stdout: result.stdout, stderr: result.stderr, peak: result.peakBytes };
}

const write = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('hostile input: bounded, located, never a crash', () => {
  it('a .json.gz of 20 MB of commas inside [ … ]: one syntax error listed, not one kept per comma', async () => {
    const file = write('commas.json.gz', gzipSync(`[${','.repeat(20 * MB)}]`));
    const r = await run(['lint', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('RPT101');
    // It held one parse error per comma: 1.35 GB at 20 MB.
    expect(r.peak).toBeLessThan(400 * MB);
  });

  it('a 30 MB policy of `mx: a` lines: refused as larger than senders read (STS111)', async () => {
    const file = write(
      'mta-sts.txt',
      `version: STSv1\nmode: enforce\nmax_age: 86400\n${'mx: a\n'.repeat(5_000_000)}`,
    );
    const r = await run(['lint', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/STS111 .*30000044 bytes, over the 64 KiB/);
    // It took 3.7 GB and a search per line.
    expect(r.peak).toBeLessThan(400 * MB);
  });

  it('an 8 MB TLS-RPT record file: refused as longer than a TXT record (RPT021), not parsed', async () => {
    const file = write('long-tlsrpt.txt', `v=TLSRPTv1; rua=mailto:${'a'.repeat(8 * MB)}@example.com`);
    const r = await run(['lint', '--kind', 'tlsrpt-record', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/RPT021 .*8388643 bytes, longer than a TXT record can be \(65535 bytes\)/);
    // Parsed, a 50 MB record took 1.7 GB (and 34 s) to give no finding at all. (A record of 200,000 commas, once
    // a stack overflow, is now refused the same way; the parser's own test in shared/ keeps that case.)
    expect(r.peak).toBeLessThan(150 * MB);
  });

  it('an .eml of 200,000 empty MIME parts: refused before the MIME parser (RPT214)', async () => {
    const file = write(
      'parts.eml',
      `From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type="tlsrpt"; boundary="B"\r\n\r\n${'--B\r\n\r\n'.repeat(200_000)}--B--\r\n`,
    );
    const r = await run(['report', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/RPT214 .*more than 100 MIME parts/);
    expect(r.peak).toBeLessThan(400 * MB);
  });

  it('a report dense with findings: at most 1,000 kept, all counted, the exit code sees the errors', async () => {
    const text = generateReport({ seed: 9, targetBytes: 20_000_000, findingRate: 0.5 });
    const file = write('dense.json', text);
    const r = await run(['report', '--format', 'json', file]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { files: { findings: unknown[] }[] };
    expect(doc.files[0]?.findings).toHaveLength(1000);
    // A 20 MB report measured 185 MB peak for the whole command (a bare run is about 65 MB): 6x the report.
    expect(r.peak).toBeLessThan(100 * MB + 6 * text.length);
  });

  it('a 20 MB report with one duplicate member name: RPT102 from a scan, not a tree of every value', async () => {
    const clean = generateReport({ seed: 4, targetBytes: 20_000_000, findingRate: 0 });
    const text = clean.replace('"policy":{', '"policy":{"policy-type":"sts",');
    expect(text).not.toBe(clean);
    const file = write('duplicate.json', text);
    const r = await run(['lint', '--format', 'json', file]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { files: { findings: { code: string; range?: unknown }[] }[] };
    expect(doc.files[0]?.findings.map((f) => f.code)).toEqual(['RPT102']);
    expect(doc.files[0]?.findings[0]?.range).toBeDefined();
    // The positioned tree of every value held about 25x the text: 500 MB here, an abort at 248 MB.
    expect(r.peak).toBeLessThan(100 * MB + 6 * text.length);
  });
});
