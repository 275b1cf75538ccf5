/** The options page: the real browser behind the Options component. */
import browser from '../browser.js';
import { mountPage } from '../common/mount.js';
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

mountPage(<Options backend={backend} />);
