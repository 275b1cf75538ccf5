/** The built bin as a user runs it: a real process, real files, real exit codes. */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const samples = fileURLToPath(new URL('../../fixtures/samples/', import.meta.url));

describe('sts-inspector bin', () => {
  it('prints its version with exit 0, and its usage with exit 2 when given no command', async () => {
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const u = await runCli([]);
    expect(u.code).toBe(2);
    expect(u.stdout).toContain('Usage:');
  });

  it('lints the policy fixture folder with exit 1 (some fixtures have errors) and plain text when piped', async () => {
    const r = await runCli(['lint', `${fixtures}policy`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('STS201');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('summarises the real-world sample reports (.json and .eml) with exit 0', async () => {
    const r = await runCli(['report', '--format', 'json', samples]);
    // The folder's README, which says where the samples come from, is passed over and counted.
    expect(r.stderr).toBe('sts-inspector: skipped 1 file that report does not read (--verbose names them)\n');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      schemaVersion: number;
      command: string;
      files: { kind: string }[];
      summary: { reports: number };
    };
    expect(doc.command).toBe('report');
    const reports = readdirSync(samples).filter((f) => /\.(json|eml)$/.test(f));
    expect(reports).toHaveLength(4);
    expect(doc.files.map((f) => f.kind).sort()).toEqual(['report', 'report', 'report', 'report-email']);
    expect(doc.summary.reports).toBe(reports.length);
  });

  it('summarises the report fixtures, some of them broken, with exit 1', async () => {
    const r = await runCli(['report', '--format', 'json', `${fixtures}report`]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { summary: { reports: number } };
    expect(doc.summary.reports).toBeGreaterThan(3);
  });

  it('runs as `npx sts-inspector` in the checkout: npm ci links the committed bin', async () => {
    const { stdout } = await run('npx', ['--no-install', 'sts-inspector', '--version'], { cwd: repo });
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('says to build first when the built file is missing', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'sts-bin-'));
    mkdirSync(join(copy, 'bin'));
    copyFileSync(join(repo, 'lsp/bin/sts-inspector.cjs'), join(copy, 'bin/sts-inspector.cjs'));
    const failed = await run(process.execPath, [join(copy, 'bin/sts-inspector.cjs'), '--version']).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toBe(
      'sts-inspector: the command-line checker is not built yet; run `npm run build` first\n',
    );
  });
});
