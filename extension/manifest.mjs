// One manifest source for both browsers (Manifest V3). Chrome gets a service worker and a fixed id through its
// public `key`; Firefox gets background scripts (it runs no extension service workers) and its add-on id.

/** Public half of the key that fixes the Chrome extension id (lghbkhbmlbkdinbbehlbokflbcnhccbk). */
const chromeKey =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtgShp1rehpTuyjUo0GS8QIxQPyAYBoUsDHXZIz/PqddJn8Ifr14kFCyLYazvDzHWGqqlfU1ykQzY/bre15Np0dt/tx7FeOn5r6Tv8E0lIFDKPgPmjA7Gx6Tuv5CWS/pqpE9o78jDESjueEt9cPxIgTRAOyykX4WKMUPbKnC5diw0iPKFfEb6t57KQBSjdnaMimaMFs47+rKXl35Sx4buAvRVeTHi7XtwgcpJ9YuxwLWd9Tm2vLwG+IBv/cEPVSwlKooVlG9sKjqqQy1+3W8GRNvrKNOZqg6F8pOV5xz1WlGZECYXe/P10tm1LctDhSSGkKnx/cTtkNi0I9S1IOuhMwIDAQAB';

/** Add-on id in Firefox. */
export const geckoId = 'sts-inspector@sts-inspector.org';

/** The resolver asked by default (Cloudflare); other resolvers are asked for at the options page. */
const defaultResolverOrigin = 'https://cloudflare-dns.com/*';

/**
 * Extension pages run only their own scripts; DoH and policy fetches are the only connections, all https. In the
 * manifest, and in each page's head too (build.mjs).
 */
export const csp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  'connect-src https:',
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The manifest for one browser.
 * @param {'chrome' | 'firefox'} browser
 * @param {string} version
 */
export function manifestFor(browser, version) {
  /** @type {Record<string, unknown>} */
  const manifest = {
    manifest_version: 3,
    name: 'STS Inspector',
    version,
    description:
      'Is mail to this site protected in transit? MTA-STS, TLS-RPT and DANE of the site in the tab, and TLS reports read locally.',
    action: { default_popup: 'popup.html', default_title: 'Mail transport security of this site' },
    options_ui: { page: 'options.html', open_in_tab: true },
    permissions: ['activeTab', 'storage'],
    host_permissions: [defaultResolverOrigin],
    // Policy hosts (one https://mta-sts.<domain>/ at a time, or all at once), other resolvers.
    optional_host_permissions: ['https://*/*'],
    content_security_policy: { extension_pages: csp },
  };
  if (browser === 'chrome') {
    manifest.key = chromeKey;
    manifest.background = { service_worker: 'background.js', type: 'module' };
    manifest.minimum_chrome_version = '120';
  } else {
    manifest.background = { scripts: ['background.js'], type: 'module' };
    manifest.browser_specific_settings = {
      gecko: {
        id: geckoId,
        strict_min_version: '128.0',
        data_collection_permissions: { required: ['none'] },
      },
    };
  }
  return manifest;
}
