/**
 * Debian's firefox-esr with the built extension installed temporarily, driven over WebDriver BiDi by
 * puppeteer-core 24 (no geckodriver), for the end-to-end tests. With a lab, every name resolves to the lab's address
 * and the lab's test CA is trusted through the profile's NSS database; without one, every name resolves to a closed
 * loopback address, so nothing could leave the browser. A permission asked at a click is granted without the prompt
 * a headless browser cannot answer.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Lab } from '../../helpers/lab.js';
import { hasCertutil, trustCa } from './nss.js';

export const firefoxPath = '/usr/bin/firefox-esr';

/** The add-on id in the Firefox manifest. */
export const geckoId = 'sts-inspector@sts-inspector.org';

/** What a Firefox test needs and this machine lacks (certutil only with a lab). */
export function missingForFirefox(withLab: boolean): string[] {
  return [existsSync(firefoxPath) ? null : firefoxPath, !withLab || hasCertutil() ? null : 'certutil'].filter(
    (m) => m !== null,
  );
}

export interface FirefoxWithExtension {
  browser: Browser;
  /**
   * Open an extension page (`popup.html`) in a new tab once it has rendered, then wait for `ready` (a selector)
   * if given.
   */
  openPage(path: string, ready?: string): Promise<Page>;
  close(): Promise<void>;
}

/** How long a page may take to render; a backstop for a busy machine, not a statement about speed. */
const renderTimeoutMs = 60_000;

/**
 * Firefox with the extension of `extensionDir` installed, its pages at `moz-extension://<uuid>/`.
 */
export async function launchFirefoxWithExtension(
  lab: Lab | null,
  extensionDir: string,
  uuid: string,
): Promise<FirefoxWithExtension> {
  const scratch = mkdtempSync(join(tmpdir(), 'sts-inspector-firefox-'));
  const profile = join(scratch, 'profile');
  mkdirSync(profile);
  if (lab !== null) {
    trustCa(profile, lab.caFile);
  }
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
      userDataDir: profile,
      // System access lets BiDi navigate to the extension's own pages.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        // Every name to the lab (or to a closed address); no DNS-over-HTTPS of Firefox's own, no HTTP/3.
        'network.dns.forceResolve': lab?.addr ?? '127.0.0.9',
        'network.trr.mode': 5,
        'network.http.http3.enable': false,
        'app.update.enabled': false,
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
        'extensions.webextOptionalPermissionPrompts': false,
      },
    });
    const installed = await browser.installExtension(extensionDir);
    if (installed !== geckoId) {
      throw new Error(`Firefox installed the extension as ${installed}, not ${geckoId}`);
    }
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const origin = `moz-extension://${uuid}/`;
  return {
    browser,
    async openPage(path, ready) {
      const page = await browser.newPage();
      const url = new URL(path, origin).href;
      // BiDi lets this navigation through (system access) but never reports it: `goto` does not settle, and
      // puppeteer hears of no new document. A query helper puppeteer placed in the blank document the tab starts
      // with is then used in the extension's document, where Firefox's BiDi fails on it ("right-hand side of 'in'
      // should be an object") for the life of the page. So until the page says it has rendered, it is asked only
      // with plain evaluations, which carry nothing from one document to the next.
      void page.goto(url).catch(() => undefined);
      await pageRendered(page, url);
      if (ready !== undefined) {
        await page.waitForSelector(ready);
      }
      return page;
    },
    close: async () => {
      await browser.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Wait until the tab shows `url` and the page marked itself rendered (`<html data-rendered>`, see mountPage). */
async function pageRendered(page: Page, url: string): Promise<void> {
  const deadline = Date.now() + renderTimeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const rendered = await page.evaluate(
        (expected) => location.href === expected && document.documentElement.hasAttribute('data-rendered'),
        url,
      );
      if (rendered) {
        return;
      }
      lastError = null;
    } catch (error) {
      // The evaluation met the blank document as it went away: the next one meets the page.
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not render within ${renderTimeoutMs} ms`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
