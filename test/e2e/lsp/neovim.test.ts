/**
 * A real editor: Debian's Neovim 0.7.2 starts the built server through `vim.lsp.start_client`, opens a broken policy
 * and a broken report, and reports what it received: the codes and lines of its diagnostics, a hover, and the
 * text after a formatting edit. Without nvim the test is skipped with one line; under CI=true that is a failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readReportText } from '@sts-inspector/shared';
import { serverPath } from './lsp-client.js';

const script = fileURLToPath(new URL('./neovim/lsp-test.lua', import.meta.url));
const samples = fileURLToPath(new URL('../../fixtures/samples/', import.meta.url));
const hasNvim = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasNvim && process.env.CI !== 'true') {
  console.warn('Neovim test skipped: no nvim (apt-get install neovim, or bash test/lab/lab.sh install)');
}

interface NvimResult {
  ok: boolean;
  nvim: string;
  diagnostics: { lnum: number; col: number; code: string; source: string; severity: number }[];
  hover: string | null;
  formatted: string;
  fileformat: string;
  edits: number;
  newText?: string;
}

const home = mkdtempSync(join(tmpdir(), 'sts-inspector-nvim-'));

function runNvim(file: string, env: Record<string, string>): Promise<NvimResult> {
  const out = join(home, `${Math.random().toString(36).slice(2)}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${script}`], {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DATA_HOME: join(home, 'data'),
        XDG_STATE_HOME: join(home, 'state'),
        XDG_CACHE_HOME: join(home, 'cache'),
        LSP_NODE: process.execPath,
        LSP_SERVER: serverPath,
        LSP_FILE: file,
        LSP_OUT: out,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')) as NvimResult);
      } catch {
        reject(new Error(`nvim exited ${code} without a result: ${stderr}`));
      }
    });
  });
}

describe.skipIf(!hasNvim && process.env.CI !== 'true')('Neovim 0.7 as an LSP client', () => {
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("shows a broken policy's diagnostics, hovers a key and formats with CRLF", async () => {
    const dir = join(home, 'example.com', '.well-known');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'mta-sts.txt');
    writeFileSync(file, 'version: STSv1\nmode : Enforce\nmx: .example.net\nmax_age: 31557601\n');
    const r = await runNvim(file, { LSP_FILETYPE: 'mta-sts', LSP_HOVER_LINE: '3', LSP_HOVER_CHAR: '2' });
    expect(r.nvim).toBe('0.7.2');
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.code, d.lnum]).sort()).toEqual([
      ['STS206', 1],
      ['STS211', 1],
      ['STS214', 3],
      ['STS303', 2],
    ]);
    expect(r.diagnostics.every((d) => d.source === 'sts-inspector')).toBe(true);
    expect(r.hover).toContain('**max_age**');
    expect(r.edits).toBe(1);
    // The edit writes CRLF (RFC 8461 §3.2); Neovim splits it into buffer lines.
    expect(r.newText).toBe('version: STSv1\r\nmode: Enforce\r\nmx: .example.net\r\nmax_age: 31557601\r\n');
    expect(r.formatted).toBe('version: STSv1\nmode: Enforce\nmx: .example.net\nmax_age: 31557601');
  });

  it("shows a broken report's diagnostics on the lines the core locates", async () => {
    const text = readFileSync(`${samples}empty-failure-detail-fields.json`, 'utf8');
    const file = join(home, 'report.json');
    writeFileSync(file, text);
    const r = await runNvim(file, {});
    expect(r.ok).toBe(true);
    const expected = readReportText(text).findings.map((f) => [f.code, f.range?.start.line ?? 0]);
    expect(r.diagnostics.map((d) => [d.code, d.lnum]).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
  });
});
