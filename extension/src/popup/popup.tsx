/** The popup page: the real browser behind the Popup component. */
import browser from '../browser.js';
import type { DomainNameRead } from '@sts-inspector/shared';
import { mountPage } from '../common/mount.js';
import { checkPortName, type CheckEvent, type DomainRequest } from '../common/messages.js';
import { Popup, type PopupBackend } from './popup-view.js';

/**
 * The tab the popup belongs to: the active tab of the current window; `?tab=<id>` names another (the popup opened
 * as a page, for a tab it was not opened over).
 */
async function currentTab(): Promise<{ tabId: number | null; url: string | null; domain: string | null }> {
  const named = new URLSearchParams(location.search).get('tab');
  const [tab] =
    named !== null && /^\d+$/.test(named)
      ? [await browser.tabs.get(Number(named))]
      : await browser.tabs.query({ active: true, currentWindow: true });
  const url = tab?.url ?? null;
  const request: DomainRequest = { type: 'mail-domain', text: url ?? '' };
  const domain: unknown = url === null ? null : await browser.runtime.sendMessage(request);
  return { tabId: tab?.id ?? null, url, domain: typeof domain === 'string' ? domain : null };
}

function readDomain(text: string): Promise<DomainNameRead> {
  return browser.runtime.sendMessage<DomainRequest, DomainNameRead>({ type: 'domain-name', text });
}

const backend: PopupBackend = {
  currentTab,
  readDomain,
  check(request, onEvent) {
    const port = browser.runtime.connect({ name: checkPortName });
    port.onMessage.addListener((event: unknown) => onEvent(event as CheckEvent));
    port.postMessage({ type: 'check', ...request });
    return () => port.disconnect();
  },
  requestPermission: (origins) => browser.permissions.request({ origins }),
  openViewer: () => void browser.tabs.create({ url: browser.runtime.getURL('viewer.html') }),
  openOptions: () => void browser.runtime.openOptionsPage(),
  copy: (text) => navigator.clipboard.writeText(text),
};

mountPage(<Popup backend={backend} />);
