/**
 * The background (a service worker in Chrome, background scripts in Firefox): runs the checks the popup asks for
 * over a port (closing the popup cancels its check), sets each tab's badge, and with automatic checks on, checks
 * every site as it loads. Keeps nothing in memory that matters: results and remembered policies are in storage.
 */
import {
  mailDomainOf,
  neutralBadgeColour,
  parseDomainName,
  verdictPresentation,
  type Verdict,
} from '@sts-inspector/shared';
import browser, { type Runtime } from '../browser.js';
import { checkPortName, type CheckEvent, type CheckRequest, type DomainRequest } from '../common/messages.js';
import { allSitesPermission, readSettings } from '../common/settings.js';
import { runCheck, type CheckEnvironment } from './check.js';
import { createStore } from './store.js';

const store = createStore(browser.storage.local);

const environment: CheckEnvironment = {
  settings: async () => readSettings((await browser.storage.local.get('settings')).settings),
  permitted: (origin) => browser.permissions.contains({ origins: [origin] }),
  fetch: (input, init) => fetch(input, init),
  store,
};

/** A tab's badge: the verdict's (from the core), or none where nothing was checked. */
async function setBadge(tabId: number, verdict: Verdict | null): Promise<void> {
  const text = verdict === null ? '' : verdictPresentation[verdict].badge;
  const color = verdict === null ? neutralBadgeColour : verdictPresentation[verdict].colour;
  try {
    await browser.action.setBadgeText({ tabId, text });
    await browser.action.setBadgeBackgroundColor({ tabId, color });
  } catch {
    // The tab was closed meanwhile.
  }
}

function isCheckRequest(message: unknown): message is CheckRequest {
  const m = message as Partial<CheckRequest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.type === 'check' &&
    typeof m.domain === 'string' &&
    (m.tabId === null || typeof m.tabId === 'number') &&
    typeof m.fresh === 'boolean'
  );
}

browser.runtime.onConnect.addListener((port: Runtime.Port) => {
  if (port.name !== checkPortName) {
    return;
  }
  const controller = new AbortController();
  port.onDisconnect.addListener(() => controller.abort(new Error('The popup was closed.')));
  const post = (event: CheckEvent): void => {
    if (!controller.signal.aborted) {
      port.postMessage(event);
    }
  };
  port.onMessage.addListener((message: unknown) => {
    if (!isCheckRequest(message)) {
      return;
    }
    runCheck(
      {
        domain: message.domain,
        fresh: message.fresh,
        signal: controller.signal,
        onProgress: (lookups) => post({ type: 'progress', lookups }),
      },
      environment,
    ).then(
      async (result) => {
        if (message.tabId !== null) {
          await setBadge(message.tabId, result.posture.verdict);
        }
        post({ type: 'result', result });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
        }
      },
    );
  });
});

browser.runtime.onMessage.addListener((message: unknown) => {
  const m = (message ?? {}) as { type?: unknown; text?: unknown };
  if (m.type === 'clear') {
    return store.clear().then(() => ({ cleared: true }));
  }
  if (typeof m.text === 'string') {
    if (m.type === ('mail-domain' satisfies DomainRequest['type'])) {
      return Promise.resolve(mailDomainOf(m.text));
    }
    if (m.type === ('domain-name' satisfies DomainRequest['type'])) {
      return Promise.resolve(parseDomainName(m.text));
    }
  }
  return undefined;
});

/**
 * Automatic checks are on: the option, and the permission it asked for. Every https origin gives both what the
 * check needs (each policy host) and each https tab's address (without the `tabs` permission, which would add
 * every other tab's address and which Chrome asks for in a prompt of its own).
 */
async function automaticChecksOn(): Promise<boolean> {
  const settings = await environment.settings();
  return settings.autoCheck && (await browser.permissions.contains({ origins: [allSitesPermission] }));
}

/**
 * Tabs that finished loading and wait for their automatic check, each with its address and whether checks were on
 * when it loaded. One entry per tab (a tab that loads again replaces its entry), checked one at a time in the
 * order they loaded: many tabs opening at once never start many checks.
 */
const waiting = new Map<number, { url: string; wanted: Promise<boolean> }>();
let draining = false;

async function checkTab(tabId: number, url: string): Promise<void> {
  const domain = mailDomainOf(url);
  if (domain === null) {
    await setBadge(tabId, null);
    return;
  }
  const result = await runCheck(
    { domain, fresh: false, signal: new AbortController().signal, onProgress: () => undefined },
    environment,
  );
  // A tab that went elsewhere meanwhile has its own check coming: this verdict is not about its site any more.
  const now = await browser.tabs.get(tabId).catch(() => null);
  if (now?.url === url) {
    await setBadge(tabId, result.posture.verdict);
  }
}

async function drainWaiting(): Promise<void> {
  if (draining) {
    return;
  }
  draining = true;
  try {
    for (let next = waiting.entries().next(); !next.done; next = waiting.entries().next()) {
      const [tabId, { url, wanted }] = next.value;
      waiting.delete(tabId);
      // Checks turned off while the tab waited do not run either.
      if ((await wanted.catch(() => false)) && (await automaticChecksOn().catch(() => false))) {
        await checkTab(tabId, url).catch(() => undefined);
      }
    }
  } finally {
    draining = false;
  }
}

browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status !== 'complete' || tab.url === undefined) {
    return;
  }
  // Whether checks are on is read now, as the tab loaded, not when its turn comes.
  waiting.delete(tabId);
  waiting.set(tabId, { url: tab.url, wanted: automaticChecksOn() });
  void drainWaiting();
});

browser.tabs.onRemoved.addListener((tabId) => {
  waiting.delete(tabId);
});
