/** The background (a service worker in Chrome, background scripts in Firefox). */
import browser from '../browser.js';

browser.runtime.onInstalled.addListener(() => {
  void browser.action.setBadgeText({ text: '' });
});
