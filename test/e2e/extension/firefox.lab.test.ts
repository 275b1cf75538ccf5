/**
 * Smoke test of the Firefox build in Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core 24 (no
 * geckodriver): the extension installed temporarily, its resolver set to the lab's in the real options page, and
 * the popup showing a lab scenario's posture, the policy fetched after the popup's "Allow" button. The lab's CA is
 * trusted through the profile's NSS database; every name resolves to the lab's address.
 *
 * Needs /usr/bin/firefox-esr and certutil (test/e2e/extension/install-browsers.sh); without them the test is
 * skipped with one line, except under CI, where that is a failure.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { verdictPresentation } from '@sts-inspector/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labFromSetup } from '../../helpers/lab.js';

const run = promisify(execFile);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const artifacts = here('../../artifacts/extension/');
const firefoxPath = '/usr/bin/firefox-esr';
const lab = labFromSetup(inject('lab'));
/** The add-on id in the Firefox manifest, and the moz-extension host we give it. */
const geckoId = 'sts-inspector@sts-inspector.org';
const uuid = '5f0c0b1e-7a55-4c57-9d8e-2a1f3c4b5d6e';

const hasCertutil = ['/usr/bin/certutil', '/bin/certutil'].some((path) => existsSync(path));
const missing = [existsSync(firefoxPath) ? null : firefoxPath, hasCertutil ? null : 'certutil'].filter(
  (m) => m !== null,
);
if (missing.length > 0 && process.env.CI !== 'true') {
  console.warn(
    `extension test in Firefox skipped: no ${missing.join(', ')}; bash test/e2e/extension/install-browsers.sh installs them`,
  );
}

describe.skipIf(lab === null || (missing.length > 0 && process.env.CI !== 'true'))(
  'the extension in Firefox against the lab',
  () => {
    let scratch = '';
    let browser: Browser;

    /**
     * Open an extension page. BiDi lets the navigation through only with system access, and never reports it as
     * finished: the page is ready when its content is.
     */
    async function openPage(path: string, ready: string): Promise<Page> {
      // A query that runs while the document is being replaced can fail in Firefox's BiDi code ("right-hand side of
      // 'in' should be an object, got null"), and that page's realm then keeps failing: open the page afresh, a
      // bounded number of times.
      for (let attempt = 1; ; attempt++) {
        const page = await browser.newPage();
        void page.goto(`moz-extension://${uuid}/${path}`).catch(() => undefined);
        try {
          await page.waitForSelector(ready);
          return page;
        } catch (error) {
          await page.close().catch(() => undefined);
          if (attempt >= 4 || !/script\.evaluate|should be an object/.test(causes(error))) {
            throw error;
          }
        }
      }
    }

    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
      scratch = mkdtempSync(join(tmpdir(), 'sts-inspector-firefox-'));
      await run(process.execPath, [
        here('../../../extension/build.mjs'),
        '--out',
        join(scratch, 'build'),
        '--quiet',
      ]);
      const profile = join(scratch, 'profile');
      mkdirSync(profile);
      execFileSync('certutil', ['-d', `sql:${profile}`, '-N', '--empty-password']);
      execFileSync('certutil', [
        '-d',
        `sql:${profile}`,
        '-A',
        '-t',
        'C,,',
        '-n',
        'lab-ca',
        '-i',
        lab!.caFile,
      ]);
      browser = await puppeteer.launch({
        browser: 'firefox',
        executablePath: firefoxPath,
        headless: true,
        userDataDir: profile,
        args: ['--remote-allow-system-access'],
        extraPrefsFirefox: {
          // Every name to the lab; no DNS-over-HTTPS of Firefox's own, no HTTP/3.
          'network.dns.forceResolve': lab!.addr,
          'network.trr.mode': 5,
          'network.http.http3.enable': false,
          'app.update.enabled': false,
          'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
          // A permission asked at a click is granted without the prompt a headless browser cannot answer.
          'extensions.webextOptionalPermissionPrompts': false,
        },
      });
      expect(await browser.installExtension(join(scratch, 'build', 'firefox'))).toBe(geckoId);
    });
    afterAll(async () => {
      await browser?.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('shows a lab scenario’s posture in the popup, the policy fetched once allowed', async () => {
      const options = await openPage('options.html', 'input[value=custom]');
      await options.click('input[value=custom]');
      await options.type('#custom-resolver', lab!.dohUrl);
      await options.click('#save-resolver');
      await options.waitForFunction(() => document.getElementById('status')?.textContent?.includes('saved'));
      await options.close();

      const popup = await openPage('popup.html', '#domain');
      await popup.type('#domain', 'testing.test');
      await popup.click('#check-other');
      // DNS first: the policy host waits for the permission.
      await popup.waitForSelector('#allow-policy');
      expect(await popup.$eval('#record', (el) => el.textContent)).toContain('v=STSv1; id=20240601T000000Z;');
      await popup.click('#allow-policy');
      await popup.waitForSelector('[data-verdict=testing]');
      expect(await popup.$eval('.verdict .title', (el) => el.textContent)).toBe(
        verdictPresentation.testing.label,
      );
      expect(await popup.$eval('#policy', (el) => el.textContent)).toContain('604800 s (1 week)');
      const codes = await popup.$$eval('[data-code]', (items) =>
        items.map((item) => item.getAttribute('data-code')),
      );
      expect(codes).toContain('STS311');
      await popup.screenshot({ path: join(artifacts, 'popup-firefox-testing.png'), fullPage: true });
      await popup.close();
    });
  },
);

/** An error's message and those of its causes, one per line. */
function causes(error: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && lines.length < 10;) {
    lines.push(e instanceof Error ? e.message : JSON.stringify(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return lines.join('\n');
}
