/**
 * The report viewer of the Firefox build in Debian's firefox-esr (WebDriver BiDi, puppeteer-core): installed
 * temporarily, its page opened at moz-extension://<uuid>/viewer.html, a report email (gzip inside, so the browser's
 * DecompressionStream) and a plain report given to its file field, read by its module worker with the totals the
 * core gives. Every name resolves to a closed loopback address, so nothing could leave the browser.
 *
 * Needs /usr/bin/firefox-esr; without it the test is skipped with one line, except under CI, where that is a failure.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import puppeteer, { type Browser } from 'puppeteer-core';
import {
  formatCount,
  formatRate,
  readReportFile,
  summarizeReports,
  webGunzipStream,
} from '@sts-inspector/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const samples = here('../../fixtures/samples/');
const firefoxPath = '/usr/bin/firefox-esr';
const geckoId = 'sts-inspector@sts-inspector.org';
const uuid = '0c6f3a52-2f0e-4d3c-9a41-6b7e1d2c3f40';

if (!existsSync(firefoxPath) && process.env.CI !== 'true') {
  console.warn(
    `report viewer test in Firefox skipped: no ${firefoxPath}; bash test/e2e/extension/install-browsers.sh installs it`,
  );
}

describe.skipIf(!existsSync(firefoxPath) && process.env.CI !== 'true')('the report viewer in Firefox', () => {
  let scratch = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'sts-inspector-firefox-viewer-'));
    await run(process.execPath, [
      here('../../../extension/build.mjs'),
      '--out',
      join(scratch, 'build'),
      '--quiet',
    ]);
    const profile = join(scratch, 'profile');
    mkdirSync(profile);
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
      userDataDir: profile,
      // System access lets BiDi navigate to the extension's own page.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'network.dns.forceResolve': '127.0.0.9',
        'network.trr.mode': 5,
        'app.update.enabled': false,
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      },
    });
    expect(await browser.installExtension(join(scratch, 'build', 'firefox'))).toBe(geckoId);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('reads a report email and a report in its worker, with the totals the core gives', async () => {
    const files = [join(samples, 'google.com-tlsrpt.eml'), join(samples, 'mail.ru.json')];
    const page = await browser!.newPage();
    // BiDi never reports this navigation as finished: the page is ready when its file field is there.
    void page.goto(`moz-extension://${uuid}/viewer.html`).catch(() => undefined);
    const input = await page.waitForSelector('input[type=file]');
    await input!.uploadFile(...files);
    await page.waitForFunction(
      () =>
        document.querySelector('main')?.getAttribute('data-busy') === '0' &&
        (document.querySelector('[data-range]')?.textContent ?? '').startsWith('2 reports'),
      { timeout: 120_000 },
    );
    const reports = [];
    for (const path of files) {
      const read = await readReportFile(path, new Uint8Array(readFileSync(path)), {
        gunzipStream: webGunzipStream(),
      });
      reports.push({ report: read.value!, source: path });
    }
    const core = summarizeReports(reports);
    const shown = await page.evaluate(() =>
      ['successful', 'failed', 'successRate'].map(
        (id) => document.querySelector(`[data-total="${id}"]`)?.textContent ?? '',
      ),
    );
    expect(shown).toEqual([
      formatCount(core.totals.successful),
      formatCount(core.totals.failed),
      formatRate(core.totals.successRate),
    ]);
    expect(await page.$$eval('[data-file] .file-state', (items) => items.map((i) => i.textContent))).toEqual([
      'email · Google Inc. · 2024-09-03 to 2024-09-03',
      'report · Mail.ru · 2024-02-22 to 2024-02-23',
    ]);
    expect(await page.$$eval('svg.chart', (charts) => charts.length)).toBe(2);
  });
});
