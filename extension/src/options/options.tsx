/** The options page: the real browser behind the Options component. */
import { render } from 'preact';
import browser from '../browser.js';
import { readSettings } from '../common/settings.js';
import { Options, type OptionsBackend } from './options-view.js';

const backend: OptionsBackend = {
  load: async () => readSettings((await browser.storage.local.get('settings')).settings),
  save: (settings) => browser.storage.local.set({ settings }),
  request: (permissions) => browser.permissions.request(permissions),
  clear: async () => {
    await browser.runtime.sendMessage({ type: 'clear' });
  },
};

const app = document.getElementById('app');
if (app) {
  render(<Options backend={backend} />, app);
}
