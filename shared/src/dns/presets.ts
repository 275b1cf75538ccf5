/**
 * DoH endpoints: the public presets (doh.md §5) and validation of a custom endpoint, given as a plain URL or as
 * an RFC 8484 §4.1 URI template with a `{?dns}` (or `{&dns}`) expression. Pure. Never throws.
 */

/** A public DoH service we offer by name. */
export interface DohPreset {
  name: DohPresetName;
  label: string;
  /** RFC 8484 wire-format endpoint (no template). */
  url: string;
  /** The service validates DNSSEC and reports it with the AD bit (doh.md §3.5). */
  validatesDnssec: boolean;
  /** The service synthesises answers for blocked names: less suited to posture checks (doh.md §5). */
  filtering: boolean;
}

export type DohPresetName = 'cloudflare' | 'google' | 'quad9';

/** The presets, keyed by name. All three validate DNSSEC. */
export const dohPresets: Readonly<Record<DohPresetName, DohPreset>> = {
  cloudflare: {
    name: 'cloudflare',
    label: 'Cloudflare (1.1.1.1)',
    url: 'https://cloudflare-dns.com/dns-query',
    validatesDnssec: true,
    filtering: false,
  },
  google: {
    name: 'google',
    label: 'Google Public DNS',
    url: 'https://dns.google/dns-query',
    validatesDnssec: true,
    filtering: false,
  },
  quad9: {
    name: 'quad9',
    label: 'Quad9',
    url: 'https://dns.quad9.net/dns-query',
    validatesDnssec: true,
    filtering: true,
  },
};

/** A validated endpoint. */
export interface DohEndpoint {
  /** The URL without the template expression (what POST uses; what to show the user). */
  url: string;
  /** URI template ending in exactly one `{?dns}` or `{&dns}` expression (RFC 6570 form-style query). */
  template: string;
  /** The preset it came from, or null for a custom URL. */
  preset: DohPresetName | null;
}

/** A validated endpoint, or a message saying what is wrong with the input. */
export type ResolvedEndpoint = ({ ok: true } & DohEndpoint) | { ok: false; message: string };

function isPresetName(text: string): text is DohPresetName {
  return Object.hasOwn(dohPresets, text);
}

/**
 * Accept a preset name (`cloudflare`, `google`, `quad9`), an https URL (`?dns=` is appended) or an https URI
 * template ending in `{?dns}` / `{&dns}`. Only `https:` (RFC 8484 §5); no credentials or fragment.
 */
export function resolveEndpoint(nameOrUrl: string): ResolvedEndpoint {
  const input = nameOrUrl.trim();
  const lower = input.toLowerCase();
  if (isPresetName(lower)) {
    const { url } = dohPresets[lower];
    return { ok: true, url, template: `${url}{?dns}`, preset: lower };
  }
  const brace = input.indexOf('{');
  let base = input;
  let operator: '?' | '&' | undefined;
  if (brace >= 0) {
    const expression = input.slice(brace);
    if (expression !== '{?dns}' && expression !== '{&dns}') {
      return {
        ok: false,
        message: 'The URI template must end with {?dns} (RFC 8484 §4.1) and have no other expression.',
      };
    }
    base = input.slice(0, brace);
    operator = expression === '{?dns}' ? '?' : '&';
  }
  if (/[{}\s]/.test(base)) {
    return { ok: false, message: 'The DoH URL contains a space or a brace.' };
  }
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return { ok: false, message: `"${input}" is not a URL.` };
  }
  if (url.protocol !== 'https:') {
    return { ok: false, message: 'A DoH server is reached over https: only (RFC 8484 §5).' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, message: 'The DoH URL must not hold credentials.' };
  }
  if (url.hash !== '' || base.includes('#')) {
    return { ok: false, message: 'The DoH URL must not have a fragment.' };
  }
  const href = url.href.endsWith('?') ? url.href.slice(0, -1) : url.href;
  const hasQuery = url.search !== '';
  operator ??= hasQuery ? '&' : '?';
  if (operator === '?' && hasQuery) {
    return { ok: false, message: 'The URL already has a query: use {&dns} instead of {?dns}.' };
  }
  if (operator === '&' && !hasQuery) {
    return { ok: false, message: '{&dns} needs a URL that already has a query.' };
  }
  return { ok: true, url: href, template: `${href}{${operator}dns}`, preset: null };
}

/**
 * Expand the template: with `dns` (base64url, no padding) for GET; without it for POST, where the variable is
 * left undefined and the expression expands to nothing (RFC 8484 §4.1, RFC 6570 §3.2.8).
 */
export function expandEndpoint(endpoint: DohEndpoint, dns?: string): string {
  const operator = endpoint.template.endsWith('{&dns}') ? '&' : '?';
  return dns === undefined ? endpoint.url : `${endpoint.url}${operator}dns=${dns}`;
}
