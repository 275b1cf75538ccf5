/**
 * Smoke test of the Firefox build in Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core 24 (no
 * geckodriver): the extension installed temporarily, its resolver set to the lab's in the real options page, and
 * the popup showing a lab scenario's posture, the policy fetched after the popup's "Allow" button. The lab's CA is
 * trusted through the profile's NSS database; every name resolves to the lab's address.
 *
 * Needs /usr/bin/firefox-esr and certutil (test/e2e/extension/install-browsers.sh); without them the test is
 * skipped with one line, except under CI, where that is a failure.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { verdictPresentation } from '@sts-inspector/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labFromSetup } from '../../helpers/lab.js';
import { launchFirefoxWithExtension, missingForFirefox, type FirefoxWithExtension } from './firefox.js';

const run = promisify(execFile);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const artifacts = here('../../artifacts/extension/');
const lab = labFromSetup(inject('lab'));
/** The moz-extension host the extension gets. */
const uuid = '5f0c0b1e-7a55-4c57-9d8e-2a1f3c4b5d6e';

const missing = missingForFirefox(true);
if (missing.length > 0 && process.env.CI !== 'true') {
  console.warn(
    `extension test in Firefox skipped: no ${missing.join(', ')}; bash test/e2e/extension/install-browsers.sh installs them`,
  );
}

describe.skipIf(lab === null || (missing.length > 0 && process.env.CI !== 'true'))(
  'the extension in Firefox against the lab',
  () => {
    let scratch = '';
    let firefox: FirefoxWithExtension | undefined;

    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
      scratch = mkdtempSync(join(tmpdir(), 'sts-inspector-firefox-'));
      await run(process.execPath, [
        here('../../../extension/build.mjs'),
        '--out',
        join(scratch, 'build'),
        '--quiet',
      ]);
      firefox = await launchFirefoxWithExtension(lab, join(scratch, 'build', 'firefox'), uuid);
    });
    afterAll(async () => {
      await firefox?.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('shows a lab scenario’s posture in the popup, the policy fetched once allowed', async () => {
      const options = await firefox!.openPage('options.html', 'input[value=custom]');
      await options.click('input[value=custom]');
      await options.type('#custom-resolver', lab!.dohUrl);
      await options.click('#save-resolver');
      await options.waitForFunction(() => document.getElementById('status')?.textContent?.includes('saved'));
      await options.close();

      const popup = await firefox!.openPage('popup.html', '#domain');
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
