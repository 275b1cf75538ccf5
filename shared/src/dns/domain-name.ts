/**
 * Domain names as people give them: what is a domain a shell may check (the CLI's argument, the extension's field),
 * and the mail domain of a site (the extension's badge). One judgement for every shell. Pure. Never throws.
 */
import { getDomain } from 'tldts';

/** A domain name given by a person, in A-labels without the final dot, or why it is not one. */
export type DomainNameRead = { ok: true; domain: string } | { ok: false; message: string };

const domainPattern =
  /^(?=.{1,253}\.?$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

/**
 * Read a domain name typed by a person: a host name of at least two labels, IDNs allowed (converted to A-labels,
 * lower case), one final dot allowed; not an IP address, a URL, `user@host`, `host:port` or `host/path`.
 */
export function parseDomainName(input: string): DomainNameRead {
  const refused: DomainNameRead = { ok: false, message: `not a domain name: ${JSON.stringify(input)}` };
  const trimmed = input.trim();
  // The URL parser would read `user@host`, `host/path` or `host:port` as another host: refuse those first.
  if (/[@/\\:?#%\s]/.test(trimmed)) {
    return refused;
  }
  let ascii: string;
  try {
    ascii = new URL(`http://${trimmed}`).hostname;
  } catch {
    return refused;
  }
  // One label and a final dot (`a.`) is one label still: no domain to check.
  const name = ascii.replace(/\.$/, '');
  if (!domainPattern.test(ascii) || !name.includes('.') || /^[\d.]+$/.test(ascii)) {
    return refused;
  }
  return { ok: true, domain: name.toLowerCase() };
}

/** Names that never reach the public DNS (RFC 6761, RFC 6762, RFC 8375, ICANN's `.internal`). */
const localSuffixes = ['localhost', 'local', 'internal', 'home.arpa', 'invalid'];

function isLocalName(domain: string): boolean {
  return localSuffixes.some((suffix) => domain === suffix || domain.endsWith(`.${suffix}`));
}

/**
 * The mail domain of a site: the registrable domain (the public suffix plus one label, from the ICANN section of
 * the Public Suffix List) of a host name or of an `http:`/`https:` URL's host. Null where there is no mail domain
 * to check: another scheme (`file:`, `chrome:`, `about:`, `moz-extension:` …), an IP address, `localhost` and other
 * local names, a public suffix alone, or anything that is not a domain name.
 */
export function mailDomainOf(hostOrUrl: string): string | null {
  const trimmed = hostOrUrl.trim();
  let host = trimmed;
  if (trimmed.includes(':')) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return null;
    }
    host = url.hostname;
  }
  const name = parseDomainName(host);
  if (!name.ok || isLocalName(name.domain)) {
    return null;
  }
  return getDomain(name.domain, { allowPrivateDomains: false, validateHostname: true });
}
