/**
 * The report viewer of the Firefox build in Debian's firefox-esr (WebDriver BiDi, puppeteer-core): installed
 * temporarily, its page opened at moz-extension://<uuid>/viewer.html, a report email (gzip inside, so the browser's
 * DecompressionStream) and a plain report given to its file field, read by its module worker with the totals the
 * core gives. Every name resolves to a closed loopback address, so nothing could leave the browser.
 *
 * Needs /usr/bin/firefox-esr; without it the test is skipped with one line, except under CI, where that is a failure.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  formatCount,
  formatRate,
  readReportFile,
  summarizeReports,
  webGunzipStream,
} from '@sts-inspector/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  firefoxPath,
  launchFirefoxWithExtension,
  missingForFirefox,
  type FirefoxWithExtension,
} from './firefox.js';

const run = promisify(execFile);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const samples = here('../../fixtures/samples/');
/** The moz-extension host the extension gets. */
const uuid = '0c6f3a52-2f0e-4d3c-9a41-6b7e1d2c3f40';

const missing = missingForFirefox(false);
if (missing.length > 0 && process.env.CI !== 'true') {
  console.warn(
    `report viewer test in Firefox skipped: no ${firefoxPath}; bash test/e2e/extension/install-browsers.sh installs it`,
  );
}

describe.skipIf(missing.length > 0 && process.env.CI !== 'true')('the report viewer in Firefox', () => {
  let scratch = '';
  let firefox: FirefoxWithExtension | undefined;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'sts-inspector-firefox-viewer-'));
    await run(process.execPath, [
      here('../../../extension/build.mjs'),
      '--out',
      join(scratch, 'build'),
      '--quiet',
    ]);
    firefox = await launchFirefoxWithExtension(null, join(scratch, 'build', 'firefox'), uuid);
  }, 300_000);
  afterAll(async () => {
    await firefox?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('reads a report email and a report in its worker, with the totals the core gives', async () => {
    const files = [join(samples, 'google.com-tlsrpt.eml'), join(samples, 'mail.ru.json')];
    const page = await firefox!.openPage('viewer.html');
    const input = await page.$('input[type=file]');
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
