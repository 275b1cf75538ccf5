/** The built bin as a user runs it: a real process, real files, real exit codes. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const samples = fileURLToPath(new URL('../../../shared/fixtures/report/', import.meta.url));

describe('sts-inspector bin', () => {
  it('prints its version and usage', async () => {
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const u = await runCli([]);
    expect(u.code).toBe(2);
    expect(u.stdout).toContain('Usage:');
  });

  it('lints every policy fixture folder with exit 1 (some fixtures have errors) and plain text when piped', async () => {
    const r = await runCli(['lint', `${fixtures}policy`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('STS201');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('summarises the real-world sample reports with exit 0', async () => {
    const r = await runCli(['report', '--format', 'json', samples]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as {
      schemaVersion: number;
      command: string;
      summary: { reports: number };
    };
    expect(doc.command).toBe('report');
    expect(doc.summary.reports).toBeGreaterThan(3);
  });
});
