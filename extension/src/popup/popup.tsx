/** The popup page: the real browser behind the Popup component. */
import { render } from 'preact';
import browser from '../browser.js';
import { checkPortName, type CheckEvent } from '../common/messages.js';
import { Popup, type PopupBackend } from './popup-view.js';

/**
 * The tab the popup belongs to: the active tab of the current window; `?tab=<id>` names another (the popup opened
 * as a page, for a tab it was not opened over).
 */
async function currentTab(): Promise<{ tabId: number | null; url: string | null }> {
  const named = new URLSearchParams(location.search).get('tab');
  const [tab] =
    named !== null && /^\d+$/.test(named)
      ? [await browser.tabs.get(Number(named))]
      : await browser.tabs.query({ active: true, currentWindow: true });
  return { tabId: tab?.id ?? null, url: tab?.url ?? null };
}

const backend: PopupBackend = {
  currentTab,
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

const app = document.getElementById('app');
if (app) {
  render(<Popup backend={backend} />, app);
}
