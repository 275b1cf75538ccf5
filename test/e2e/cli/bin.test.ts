/** The built bin as a user runs it: a real process, real files, real exit codes. */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

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
    expect(r.stderr).toBe('');
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
});
