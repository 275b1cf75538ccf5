/**
 * The extension in real Debian Chromium against the lab: the built Chrome folder loaded unpacked, its resolver set
 * to the lab's DoH server in its options page, the toolbar button clicked over tabs of lab sites (DevTools
 * `Extensions.triggerAction` opens the real popup, which checks the tab and sets its badge), and the popup opened as
 * a page for that tab to read its sections. Screenshots of the popup go to test/artifacts/extension/.
 *
 * Needs /usr/bin/chromium and certutil (test/e2e/extension/install-browsers.sh); without them the test is skipped
 * with one line, except under CI, where that is a failure.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessLogEntry } from '../../helpers/access-log.js';
import { labFromSetup } from '../../helpers/lab.js';
import { verdictPresentation, type Verdict } from '@sts-inspector/shared';
import {
  badgeText,
  chromiumPath,
  clickAction,
  denyRequests,
  extensionId,
  grantHost,
  launchWithExtension,
  openSite,
  recordTabLoads,
  tabLoaded,
  tabOf,
  useLabResolver,
  type ExtensionBrowser,
} from './chromium.js';
import { hasCertutil } from './nss.js';

const run = promisify(execFile);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const artifacts = here('../../artifacts/extension/');
const lab = labFromSetup(inject('lab'));

const missing = [existsSync(chromiumPath) ? null : chromiumPath, hasCertutil() ? null : 'certutil'].filter(
  (m) => m !== null,
);
if (missing.length > 0 && process.env.CI !== 'true') {
  console.warn(
    `extension test in Chromium skipped: no ${missing.join(', ')}; bash test/e2e/extension/install-browsers.sh installs them`,
  );
}

/** A verdict's badge text, from the core's one mapping. */
const badgeOf = (verdict: Verdict): string => verdictPresentation[verdict].badge;

/** Each scenario's verdict and the findings the popup must list for it (test/lab/README.md has the table). */
const scenarios = [
  { name: 'enforce', verdict: 'enforced', codes: [] },
  { name: 'testing', verdict: 'testing', codes: ['STS311'] },
  { name: 'policy-404', verdict: 'broken', codes: ['STS107'] },
  { name: 'absent', verdict: 'absent', codes: ['STS001'] },
  { name: 'servfail', verdict: 'unknown', codes: ['STS002', 'RPT002'] },
] as const;

/** A site of a scenario: its policy host where it has one, else a name of the domain with no web server. */
function siteOf(name: string): string {
  return ['absent', 'servfail'].includes(name)
    ? `https://www.${name}.test/`
    : `https://mta-sts.${name}.test/.well-known/mta-sts.txt`;
}

describe.skipIf(lab === null || (missing.length > 0 && process.env.CI !== 'true'))(
  'the extension in Chromium against the lab',
  () => {
    let out = '';
    let browser: ExtensionBrowser;

    /** The popup for a tab, opened as a page (the real one closes when a test reads it). */
    async function popupFor(tabId: number | null, options: { deny?: boolean } = {}): Promise<Page> {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 504, height: 900 });
      if (options.deny === true) {
        await denyRequests(page);
      }
      await page.goto(browser.url(tabId === null ? 'popup.html' : `popup.html?tab=${tabId}`));
      return page;
    }

    const codesIn = (page: Page): Promise<string[]> =>
      page.$$eval('[data-code]', (items) => items.map((item) => item.getAttribute('data-code') ?? ''));

    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
      out = mkdtempSync(join(tmpdir(), 'sts-inspector-ext-'));
      await run(process.execPath, [here('../../../extension/build.mjs'), '--out', out, '--quiet']);
      browser = await launchWithExtension(lab, join(out, 'chrome'));
      await useLabResolver(browser, lab!);
    });
    afterAll(async () => {
      await browser?.close();
      rmSync(out, { recursive: true, force: true });
    });

    it('loads with the id its manifest key fixes', () => {
      expect(new URL(browser.worker.url()).host).toBe(extensionId);
    });

    it('asks for the policy host at the click and shows what DNS tells meanwhile', async () => {
      const site = await openSite(browser, siteOf('enforce'));
      const tabId = await clickAction(browser, site);
      // Without the policy host's permission the verdict waits: everything else is known.
      await expect.poll(() => badgeText(browser, tabId), { timeout: 60_000 }).toBe(badgeOf('unknown'));
      const popup = await popupFor(tabId);
      await popup.waitForSelector('[data-verdict=unknown]');
      expect(await popup.innerText('#record')).toContain('v=STSv1; id=20240601T000000Z;');
      expect(await popup.innerText('#mx')).toContain('mail.enforce.test');
      expect(await popup.innerText('#tls-rpt')).toContain('mailto:tlsrpt@enforce.test');
      expect(await popup.innerText('#policy')).toContain(
        'needs your permission for https://mta-sts.enforce.test',
      );
      await popup.screenshot({ path: join(artifacts, 'popup-permission.png'), fullPage: true });

      // Denied: nothing is fetched, and the popup says so.
      const denied = await popupFor(tabId, { deny: true });
      await denied.click('#allow-policy');
      await denied.waitForSelector('.note:has-text("Permission not granted")');
      await denied.close();

      // Granted for that one origin: the policy is fetched and the badge turns to the verdict.
      await grantHost(browser, 'https://mta-sts.enforce.test/*');
      await popup.click('#allow-policy');
      await popup.waitForSelector('[data-verdict=enforced]');
      expect(await popup.innerText('#policy')).toMatch(/max_age\s+604800 s \(1 week\)/);
      expect(await popup.innerText('#mx')).toMatch(/mail\.enforce\.test\s+10\s+yes/);
      await expect.poll(() => badgeText(browser, tabId)).toBe(badgeOf('enforced'));
      await popup.screenshot({ path: join(artifacts, 'popup-enforce.png'), fullPage: true });
      await popup.close();
      await site.page.close();
    });

    it('sets each tab its badge and explains each scenario in the popup', async () => {
      // Allow all sites once, from the popup's own button.
      await grantHost(browser, 'https://*/*');
      const first = await popupFor(null);
      await first.fill('#domain', 'testing.test');
      await first.click('#check-other');
      await first.click('#allow-all');
      await first.waitForSelector('[data-verdict=testing]');
      await first.close();

      // One click at a time: opening the popup over another tab closes the last one (and cancels its check).
      const tabs: { name: string; tabId: number }[] = [];
      for (const scenario of scenarios) {
        const site = await openSite(browser, siteOf(scenario.name));
        const tabId = await clickAction(browser, site);
        await expect
          .poll(() => badgeText(browser, tabId), { timeout: 60_000 })
          .toBe(badgeOf(scenario.verdict));
        tabs.push({ name: scenario.name, tabId });
      }
      // Every tab keeps its own badge.
      const badges = await Promise.all(tabs.map(({ tabId }) => badgeText(browser, tabId)));
      expect(badges).toEqual(scenarios.map((scenario) => badgeOf(scenario.verdict)));
      for (const [i, scenario] of scenarios.entries()) {
        const popup = await popupFor(tabs[i]!.tabId);
        await popup.waitForSelector(`[data-verdict=${scenario.verdict}]`);
        expect(await popup.innerText('h1')).toBe(`${scenario.name}.test`);
        for (const section of ['#record', '#policy', '#mx', '#tls-rpt']) {
          expect(await popup.isVisible(section), `${scenario.name} ${section}`).toBe(true);
        }
        const codes = await codesIn(popup);
        expect(codes, scenario.name).toEqual(expect.arrayContaining([...scenario.codes]));
        if (scenario.verdict === 'enforced') {
          expect(
            codes.filter((code) => code !== '' && !code.startsWith('DANE')),
            scenario.name,
          ).toEqual([]);
        }
        await popup.screenshot({ path: join(artifacts, `popup-${scenario.name}.png`), fullPage: true });
        await popup.close();
      }
    });

    it('says when a policy changed while its id stayed (STS117), after a re-check', async () => {
      const served = join(lab!.dir, 'www', 'policy-change', 'mta-sts.txt');
      const original = readFileSync(served);
      const popup = await popupFor(null);
      try {
        await popup.fill('#domain', 'policy-change.test');
        await popup.click('#check-other');
        await popup.waitForSelector('[data-verdict=enforced]');
        expect(await popup.$('#history')).toBeNull();
        // The policy host now serves another max_age under the same record id.
        writeFileSync(
          served,
          original.toString('latin1').replace('max_age: 604800', 'max_age: 1209600'),
          'latin1',
        );
        await popup.click('#recheck');
        await popup.waitForSelector('#history [data-code=STS117]');
        expect(await popup.innerText('#history')).toContain('20240601T000000Z');
        expect(await popup.innerText('#policy')).toContain('1209600 s (2 weeks)');
        await popup.screenshot({ path: join(artifacts, 'popup-sts117.png'), fullPage: true });
      } finally {
        writeFileSync(served, original);
        await popup.close();
      }
    });

    it('gives a page on an IP address a neutral badge and looks nothing up', async () => {
      const site = await openSite(browser, `https://${lab!.addr}:8443/`);
      const tabId = await clickAction(browser, site);
      const popup = await popupFor(tabId);
      await popup.waitForSelector('[data-verdict=neutral]');
      expect(await badgeText(browser, tabId)).toBe('');
      await popup.close();
      await site.page.close();
    });

    it('checks a domain typed into the field', async () => {
      const popup = await popupFor(null);
      await popup.fill('#domain', 'mode-none.test');
      await popup.press('#domain', 'Enter');
      await popup.waitForSelector('[data-verdict=none]');
      expect(await popup.innerText('#policy')).toMatch(/mode\s+none/);
      await popup.close();
    });

    it('is used from the keyboard alone, and reads light on dark in dark mode', async () => {
      const popup = await popupFor(null);
      await popup.emulateMedia({ colorScheme: 'dark' });
      const focused = (): Promise<string> => popup.evaluate(() => document.activeElement?.id ?? '');
      // Tab to the domain field (at most 40 presses).
      for (let i = 0; i < 40 && (await focused()) !== 'domain'; i++) {
        await popup.keyboard.press('Tab');
      }
      expect(await focused()).toBe('domain');
      await popup.keyboard.type('mode-none.test');
      await popup.keyboard.press('Enter');
      await popup.waitForSelector('[data-verdict=none]');
      // Once around the page, wherever focus starts: every control is reached.
      const reached: string[] = [];
      for (let i = 0; i < 40; i++) {
        await popup.keyboard.press('Tab');
        reached.push(await focused());
      }
      expect(reached).toEqual(
        expect.arrayContaining([
          'domain',
          'recheck',
          'copy-text',
          'copy-json',
          'open-viewer',
          'open-options',
        ]),
      );
      const contrast = await popup.evaluate(() => {
        const rgb = (value: string): number[] => (value.match(/[\d.]+/g) ?? []).map(Number);
        const luminance = (channels: number[]): number => {
          const [r = 0, g = 0, b = 0] = channels.map((c) => {
            const v = c / 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const style = getComputedStyle(document.body);
        const background = rgb(
          style.backgroundColor === 'rgba(0, 0, 0, 0)'
            ? getComputedStyle(document.documentElement).backgroundColor
            : style.backgroundColor,
        );
        const text = luminance(rgb(style.color));
        const ground = luminance(background);
        return { ground, ratio: (Math.max(text, ground) + 0.05) / (Math.min(text, ground) + 0.05) };
      });
      expect(contrast.ground).toBeLessThan(0.2);
      expect(contrast.ratio).toBeGreaterThanOrEqual(4.5);
      await popup.screenshot({ path: join(artifacts, 'popup-dark.png'), fullPage: true });
      await popup.close();
    });

    it('shows a hanging policy host as waiting, and closing the popup cancels the check', async ({
      signal,
    }) => {
      const popup = await popupFor(null);
      await popup.fill('#domain', 'hanging.test');
      await popup.click('#check-other');
      await popup.waitForSelector('.progress .running:has-text("GET https://mta-sts.hanging.test/")');
      expect(await popup.innerText('.progress')).toMatch(/waiting GET https:\/\/mta-sts\.hanging\.test\//);
      await popup.screenshot({ path: join(artifacts, 'popup-waiting.png'), fullPage: true });
      await popup.close();
      // The closed port aborts the fetch: nginx logs the request as given up by the client...
      const entry = await accessLogEntry(lab!, 'mta-sts.hanging.test', signal);
      expect(entry.status).toBe(499);
      // ...and the cancelled check never finishes: after a whole other check, nothing was cached for it.
      const other = await popupFor(null);
      await other.fill('#domain', 'enforce.test');
      await other.click('#check-other');
      await other.waitForSelector('[data-verdict=enforced]');
      await other.close();
      const cached = await browser.worker.evaluate(() =>
        (
          globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<object> } } } }
        ).chrome.storage.local.get('cache:hanging.test'),
      );
      expect(cached).toEqual({});
    });

    it('checks every site as it loads once automatic checks are on, and none once they are off', async () => {
      const cached = (domain: string): Promise<boolean> =>
        browser.worker.evaluate(
          async (key) =>
            key in
            (await (
              globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<object> } } } }
            ).chrome.storage.local.get(key)),
          `cache:${domain}`,
        );
      await recordTabLoads(browser);
      // Approved as a user would at the prompt; the options page's switch then asks for it (and for tab addresses).
      await grantHost(browser, 'https://*/*');
      const options = await browser.context.newPage();
      await options.goto(browser.url('options.html'));
      await options.click('#auto-check');
      await options.waitForSelector('#status:has-text("Every site is checked as it loads")');
      expect(await options.isChecked('#auto-check')).toBe(true);

      // A site opened in a tab, no button clicked: its badge shows the verdict.
      expect(await cached('several-mx.test')).toBe(false);
      const on = await openSite(browser, siteOf('several-mx'));
      const onTab = await tabOf(browser, on);
      await expect.poll(() => badgeText(browser, onTab), { timeout: 60_000 }).toBe(badgeOf('enforced'));
      expect(await cached('several-mx.test')).toBe(true);

      // Off: the next tab gets no check.
      await options.bringToFront();
      await options.click('#auto-check');
      await options.waitForSelector('#status:has-text("only when you click")');
      expect(await options.isChecked('#auto-check')).toBe(false);
      const off = await openSite(browser, siteOf('max-age'));
      const offTab = await tabOf(browser, off);
      await expect.poll(() => tabLoaded(browser, offTab), { timeout: 60_000 }).toBe(true);
      // Automatic checks run one at a time in the order the tabs loaded: once a later tab's check has ended (checks
      // turned on again for it), the off tab's turn has passed.
      await options.bringToFront();
      await options.click('#auto-check');
      await options.waitForSelector('#status:has-text("Every site is checked as it loads")');
      const later = await openSite(browser, siteOf('lf-endings'));
      const laterTab = await tabOf(browser, later);
      await expect.poll(() => badgeText(browser, laterTab), { timeout: 60_000 }).toBe(badgeOf('enforced'));
      expect(await badgeText(browser, offTab)).toBe('');
      expect(await cached('max-age.test')).toBe(false);

      // Off again, for the tests after this one.
      await options.bringToFront();
      await options.click('#auto-check');
      await options.waitForSelector('#status:has-text("only when you click")');
      for (const page of [options, on.page, off.page, later.page]) {
        await page.close();
      }
    });

    it('opens the report viewer from the popup, and the options page clears what was stored', async () => {
      const popup = await popupFor(null);
      const [viewer] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#open-viewer')]);
      await viewer.waitForLoadState();
      expect(viewer.url()).toBe(browser.url('viewer.html'));
      expect(await viewer.title()).toContain('TLS reports');
      await viewer.close();
      await popup.close();

      const storedKeys = (): Promise<string[]> =>
        browser.worker.evaluate(async () =>
          Object.keys(
            await (
              globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<object> } } } }
            ).chrome.storage.local.get(null),
          ),
        );
      expect(await storedKeys()).toContain('cache:enforce.test');
      expect(await storedKeys()).toContain('policy:enforce.test');
      const options = await browser.context.newPage();
      await options.goto(browser.url('options.html'));
      await options.click('#clear');
      await options.waitForSelector('#status:has-text("cleared")');
      expect((await storedKeys()).filter((key) => /^(cache|policy)/.test(key))).toEqual([]);
      // The settings stay.
      expect(await storedKeys()).toContain('settings');
      await options.close();
    });
  },
);
