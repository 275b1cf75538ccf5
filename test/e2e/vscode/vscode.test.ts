/**
 * The extension in real VS Code: code-server 4.100.3 (VS Code 1.100) with the built .vsix installed, driven by
 * Debian Chromium. Opens a broken policy, a record, a zone file and a broken report, and asserts what the editor
 * shows: squiggles, Problems rows (code, line), a hover, a quick fix applied, the preview's totals, and the
 * read-only preview of a saved report email and of a gzip report. Screenshots go to test/artifacts/.
 *
 * Needs code-server (test/e2e/vscode/install-code-server.sh; `CODE_SERVER_DIR` says where) and /usr/bin/chromium.
 * Without them the test is skipped with one line, except under CI, where that is a failure.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyQuickFix,
  goTo,
  hoverSquiggleOnLine,
  openFile,
  replaceAll,
  problemRows,
  runCommand,
  squiggles,
  waitForProblem,
  webviewFrame,
} from './workbench.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const codeServerDir = process.env.CODE_SERVER_DIR ?? '/var/cache/sts-inspector/code-server-4.100.3';
const chromiumPath = '/usr/bin/chromium';
const manifest = JSON.parse(readFileSync(here('../../../lsp/package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const vsix = here(`../../../lsp/dist/${manifest.name}-${manifest.version}.vsix`);
const artifacts = here('../../artifacts/');
const cli = here('../../../lsp/dist/cli.cjs');

const missing = [
  existsSync(join(codeServerDir, 'node_modules/.bin/code-server')) ? null : `code-server (${codeServerDir})`,
  existsSync(chromiumPath) ? null : chromiumPath,
].filter((m) => m !== null);
if (missing.length > 0 && process.env.CI !== 'true') {
  console.warn(
    `VS Code test skipped: no ${missing.join(', ')}; bash test/e2e/vscode/install-code-server.sh installs them`,
  );
}

/** The report's own totals, summed here from its JSON, to compare with what the preview shows. */
function reportTotals(text: string): { successful: number; failed: number } {
  const report = JSON.parse(text) as {
    policies: {
      summary: { 'total-successful-session-count': number; 'total-failure-session-count': number };
    }[];
  };
  return {
    successful: report.policies.reduce((n, p) => n + p.summary['total-successful-session-count'], 0),
    failed: report.policies.reduce((n, p) => n + p.summary['total-failure-session-count'], 0),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

describe.skipIf(missing.length > 0 && process.env.CI !== 'true')(
  'the extension in real VS Code',
  { timeout: 120_000 },
  () => {
    let state = '';
    let pgid = 0;
    let browser: Browser | undefined;
    let page: Page;
    const folder = (): string => join(state, 'workspace');

    beforeAll(async () => {
      if (missing.length > 0) {
        throw new Error(`the VS Code test cannot run under CI: no ${missing.join(', ')}`);
      }
      state = mkdtempSync(join(tmpdir(), 'sts-inspector-vscode-'));
      cpSync(here('workspace'), folder(), { recursive: true });
      // A gzip report, which VS Code cannot show as text: made here from the repository's sample.
      writeFileSync(
        join(folder(), 'mail.ru.json.gz'),
        gzipSync(readFileSync(here('../../fixtures/samples/mail.ru.json'))),
      );
      mkdirSync(artifacts, { recursive: true });
      const port = await freePort();
      const { stdout } = await promisify(execFile)('bash', [
        here('run-code-server.sh'),
        codeServerDir,
        state,
        String(port),
        folder(),
        vsix,
      ]);
      pgid = Number(stdout.trim());
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
      });
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      // The workbench takes keys once something in it has focus: click the policy's explorer row.
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'mta-sts.txt' }).first();
      await row.waitFor({ timeout: 120_000 });
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      if (pgid > 0) {
        try {
          process.kill(-pgid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      if (state !== '') {
        rmSync(state, { recursive: true, force: true });
      }
    });

    it('shows a broken policy: language, squiggles, Problems rows with code and line, a hover', async () => {
      await openFile(page, 'mta-sts.txt');
      await expect.poll(() => page.locator('#status\\.editor\\.mode').innerText()).toBe('MTA-STS policy');
      await waitForProblem(page, 'mta-sts.txt', 'STS214');
      const rows = await problemRows(page, 'mta-sts.txt');
      expect(rows.map((r) => [r.code, r.line, r.severity])).toEqual(
        expect.arrayContaining([
          ['STS211', 2, 'Error'],
          ['STS303', 3, 'Error'],
          ['STS214', 4, 'Error'],
        ]),
      );
      expect(await squiggles(page).count()).toBeGreaterThanOrEqual(3);
      // The hover explains the key, its value in human units and the finding, with the RFC section.
      const hover = await hoverSquiggleOnLine(page, 4, 'RFC 8461 §3.2');
      expect(hover).toContain('STS214');
      expect(hover).toMatch(/\b365(\.\d+)? days/);
      await page.screenshot({ path: join(artifacts, 'vscode-policy.png') });
    });

    it('applies a quick fix, and its finding goes away', async () => {
      await page.keyboard.press('Escape');
      await goTo(page, 2, 8);
      await applyQuickFix(page, 'enforce');
      await page
        .locator('.editor-group-container.active .view-line', { hasText: 'mode: enforce' })
        .waitFor({ timeout: 60_000 });
      await waitForProblem(page, 'mta-sts.txt', 'STS211', false);
      const rows = await problemRows(page, 'mta-sts.txt');
      expect(rows.map((r) => r.code)).not.toContain('STS211');
      expect(rows.map((r) => r.code)).toContain('STS214');
    });

    it('shows a record on its own and the records inside a zone file', async () => {
      await openFile(page, '_mta-sts.txt');
      await waitForProblem(page, '_mta-sts.txt', 'STS008');
      expect((await problemRows(page, '_mta-sts.txt')).map((r) => [r.code, r.line])).toContainEqual([
        'STS008',
        1,
      ]);
      await openFile(page, 'example.zone');
      await expect.poll(() => page.locator('#status\\.editor\\.mode').innerText()).toBe('DNS zone file');
      await waitForProblem(page, 'example.zone', 'RPT008');
      const rows = (await problemRows(page, 'example.zone')).map((r) => [r.code, r.line]);
      expect(rows).toContainEqual(['STS008', 6]);
      expect(rows).toContainEqual(['RPT008', 8]);
    });

    it('shows a broken report and previews its totals', async () => {
      await openFile(page, 'report.json');
      await waitForProblem(page, 'report.json', 'RPT122');
      expect((await problemRows(page, 'report.json')).map((r) => [r.code, r.line])).toContainEqual([
        'RPT122',
        24,
      ]);
      await runCommand(page, 'STS Inspector: Preview report');
      const frame = await webviewFrame(page, 'preview');
      const totals = reportTotals(readFileSync(join(folder(), 'report.json'), 'utf8'));
      // The totals as the page shows them, whether drawn from summary data or laid out from the server's Markdown.
      const shown = await frame.locator('#root').innerText();
      expect(shown).toMatch(new RegExp(`${totals.successful.toLocaleString('en-US')}\\s+successful`));
      expect(shown).toMatch(new RegExp(`${totals.failed.toLocaleString('en-US')}\\s+failed`));
      expect(await frame.locator('#root table').count()).toBeGreaterThanOrEqual(3);
      await page.screenshot({ path: join(artifacts, 'vscode-preview.png') });
      await page
        .locator('iframe.webview.ready')
        .last()
        .screenshot({ path: join(artifacts, 'vscode-preview-panel.png') });
    });

    it('updates the preview as the report changes', async () => {
      await openFile(page, 'report.json');
      await replaceAll(page, '1250', '1300');
      const frame = await webviewFrame(page, 'preview');
      await frame.locator('#root', { hasText: /1,300\s*successful/ }).waitFor({ timeout: 60_000 });
    });

    it('opens a saved report email in the read-only preview', async () => {
      await openFile(page, 'daily-report.eml');
      await expectPreviewTotalsOf('daily-report.eml');
      await page.screenshot({ path: join(artifacts, 'vscode-email-preview.png') });
    });

    it('opens a gzip report in the read-only preview', async () => {
      // Closing the email's preview first leaves one webview, so the frame read is this file's.
      await runCommand(page, 'View: Close All Editors');
      await openFile(page, 'mail.ru.json.gz');
      await expectPreviewTotalsOf('mail.ru.json.gz');
    });

    /** The preview shows what the command-line report says of the same file. */
    async function expectPreviewTotalsOf(name: string): Promise<void> {
      const frame = await webviewFrame(page, 'preview');
      const { stdout } = await promisify(execFile)(process.execPath, [
        cli,
        'report',
        '--format',
        'json',
        join(folder(), name),
      ]);
      const { totals } = (
        JSON.parse(stdout) as { summary: { totals: { successful: number; failed: number } } }
      ).summary;
      const shown = await frame.locator('#root').innerText();
      expect(shown).toMatch(new RegExp(`${totals.successful.toLocaleString('en-US')}\\s+successful`));
      expect(shown).toMatch(new RegExp(`${totals.failed.toLocaleString('en-US')}\\s+failed`));
    }
  },
);
