/**
 * Debian Chromium with the built extension loaded unpacked, for the end-to-end tests: the lab's names map to the
 * lab's address and nothing else resolves, the lab's test CA is trusted through an NSS database in a private HOME,
 * and the extension's resolver is set to the lab's DoH server through the real options page.
 *
 * Headless Chromium cannot answer a permission prompt: `grantHost` marks an origin as approved the way the
 * extensions page does (chrome.developerPrivate), and then the extension's own `permissions.request` resolves true
 * without a prompt; `denyRequests` makes the next requests of a page resolve false, as a user's "Deny" would.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import type { Lab } from '../../helpers/lab.js';
import { trustCa } from './nss.js';

export const chromiumPath = '/usr/bin/chromium';

/** The id the manifest's `key` gives the extension (see build.test.ts). */
export const extensionId = 'lghbkhbmlbkdinbbehlbokflbcnhccbk';

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  /** The browser-wide DevTools session (tab targets, the toolbar action). */
  cdp: CDPSession;
  url(page: string): string;
  close(): Promise<void>;
}

/**
 * Chromium with the extension at `extensionDir`. With a lab, its names resolve to it and its CA is trusted; without
 * one (pages that need no network, like the report viewer) no name resolves at all.
 */
export async function launchWithExtension(lab: Lab | null, extensionDir: string): Promise<ExtensionBrowser> {
  const scratch = mkdtempSync(join(tmpdir(), 'sts-inspector-chromium-'));
  const home = join(scratch, 'home');
  mkdirSync(home, { recursive: true });
  if (lab !== null) {
    // Where Chromium on Linux reads it.
    trustCa(join(home, '.pki', 'nssdb'), lab.caFile);
  }
  const context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: chromiumPath,
    headless: true,
    env: { ...process.env, HOME: home },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      // Loopback only: every lab name goes to the lab, every other name fails.
      lab === null
        ? '--host-resolver-rules=MAP * ~NOTFOUND'
        : `--host-resolver-rules=MAP *.test ${lab.addr}, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE ${lab.addr}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const browser = context.browser();
  if (browser === null) {
    throw new Error('no browser behind the persistent context');
  }
  const cdp = await browser.newBrowserCDPSession();
  return {
    context,
    worker,
    cdp,
    url: (page) => `chrome-extension://${new URL(worker.url()).host}/${page}`,
    close: async () => {
      await context.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Mark origins as approved by the user (as chrome://extensions does); the extension's request then succeeds. */
export async function grantHost(browser: ExtensionBrowser, origin: string): Promise<void> {
  const page = await browser.context.newPage();
  try {
    await page.goto('chrome://extensions');
    await page.evaluate(
      async ([id, host]) => {
        const dev = (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome
          .developerPrivate;
        await dev.addHostPermission(id, host);
      },
      [extensionId, origin] as const,
    );
  } finally {
    await page.close();
  }
}

interface DeveloperPrivate {
  addHostPermission(id: string, host: string): Promise<void>;
}

/** Make `permissions.request` on this page resolve false, as when the user denies the prompt. */
export async function denyRequests(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const permissions = (globalThis as unknown as { chrome: { permissions: Record<string, unknown> } }).chrome
      .permissions;
    permissions.request = (_: unknown, callback?: (granted: boolean) => void) => {
      callback?.(false);
      return Promise.resolve(false);
    };
  });
}

/** Point the extension at the lab's resolver through its options page, as a user would. */
export async function useLabResolver(browser: ExtensionBrowser, lab: Lab): Promise<void> {
  await grantHost(browser, `https://${lab.addr}/*`);
  const page = await browser.context.newPage();
  try {
    await page.goto(browser.url('options.html'));
    await page.click('input[value=custom]');
    await page.fill('#custom-resolver', lab.dohUrl);
    await page.click('#save-resolver');
    await page.waitForSelector('#status:has-text("Resolver saved")');
  } finally {
    await page.close();
  }
}

/**
 * Click the extension's toolbar button over a tab (DevTools `Extensions.triggerAction`): the real popup opens over
 * it, checks the tab's site and sets its badge, and the extension gets activeTab for it. Resolves the tab's id.
 */
export async function clickAction(browser: ExtensionBrowser, site: Site): Promise<number> {
  const tabId = await tabOf(browser, site);
  // A failed navigation commits its error page (with the address) a little after `goto` gave up: wait for it.
  let target: { targetId: string; url: string } | undefined;
  for (let tries = 0; target === undefined && tries < 300; tries++) {
    const { targetInfos } = (await browser.cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] })) as {
      targetInfos: { targetId: string; url: string }[];
    };
    target = targetInfos.find((info) => info.url === site.url);
    if (target === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (target === undefined) {
    throw new Error(`no tab shows ${site.url}`);
  }
  await browser.cdp.send(
    'Extensions.triggerAction' as never,
    { id: extensionId, targetId: target.targetId } as never,
  );
  return tabId;
}

/** The extension's id of a site's tab (brought to the front: the active tab of the focused window). */
export async function tabOf(browser: ExtensionBrowser, site: Site): Promise<number> {
  await site.page.bringToFront();
  const tabId = await browser.worker.evaluate(async () => {
    const [tab] = await (globalThis as unknown as ChromeTabs).chrome.tabs.query({
      active: true,
      lastFocusedWindow: true,
    });
    return tab?.id ?? null;
  });
  if (tabId === null) {
    throw new Error(`no tab shows ${site.url}`);
  }
  return tabId;
}

/**
 * Record in the service worker each tab that finishes loading, by a `tabs.onUpdated` listener added after the
 * extension's own: when a load is recorded, the extension's listener has already been called for it.
 */
export async function recordTabLoads(browser: ExtensionBrowser): Promise<void> {
  await browser.worker.evaluate(() => {
    const scope = globalThis as unknown as ChromeTabEvents & { loadedTabs?: number[] };
    if (scope.loadedTabs !== undefined) {
      return;
    }
    const loaded: number[] = [];
    scope.loadedTabs = loaded;
    scope.chrome.tabs.onUpdated.addListener((tabId, change) => {
      if (change.status === 'complete') {
        loaded.push(tabId);
      }
    });
  });
}

/** Whether the extension has been told that a tab finished loading (see `recordTabLoads`). */
export function tabLoaded(browser: ExtensionBrowser, tabId: number): Promise<boolean> {
  return browser.worker.evaluate(
    (id) => ((globalThis as unknown as { loadedTabs?: number[] }).loadedTabs ?? []).includes(id),
    tabId,
  );
}

interface ChromeTabEvents {
  chrome: {
    tabs: {
      onUpdated: { addListener(listener: (tabId: number, change: { status?: string }) => void): void };
    };
  };
}

interface ChromeTabs {
  chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } };
}

/** The badge text of a tab, read in the service worker. */
export function badgeText(browser: ExtensionBrowser, tabId: number): Promise<string> {
  return browser.worker.evaluate(
    (id) =>
      (
        globalThis as unknown as {
          chrome: { action: { getBadgeText(d: { tabId: number }): Promise<string> } };
        }
      ).chrome.action.getBadgeText({ tabId: id }),
    tabId,
  );
}

/** A tab and the address it was sent to (an error page keeps the address in the tab, not in `page.url()`). */
export interface Site {
  page: Page;
  url: string;
}

/** Open a lab site in a new tab; a scenario without a web server still gives a tab with its address. */
export async function openSite(browser: ExtensionBrowser, url: string): Promise<Site> {
  const page = await browser.context.newPage();
  await page.goto(url).catch(() => undefined);
  return { page, url };
}
