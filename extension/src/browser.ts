/**
 * The one module that imports webextension-polyfill: every other module takes the `browser` namespace from here,
 * so Chrome and Firefox run the same promise-based code.
 */
import browser from 'webextension-polyfill';

export type { Permissions, Runtime, Storage, Tabs } from 'webextension-polyfill';
export default browser;
