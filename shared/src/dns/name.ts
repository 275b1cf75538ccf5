/**
 * Query names: what we accept from the user and what goes on the wire (RFC 1035 §2.3.4, IDNA A-labels).
 * Pure. Never throws.
 */

/** A normalised query name, or why the input cannot be one. */
export type QueryName = { ok: true; name: string } | { ok: false; message: string };

/** ASCII-only lower-casing: DNS compares names case-insensitively in ASCII only (RFC 4343 §3). */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/**
 * Turn a user-supplied name into the query name we send: trailing dot stripped, IDN labels in A-label form
 * (UTS #46 through the WHATWG URL host parser), lower-case, labels of 1–63 octets, at most 255 octets on the wire
 * (RFC 1035 §2.3.4).
 */
export function normalizeQueryName(input: string): QueryName {
  let name = input.trim();
  if (name.endsWith('.')) {
    name = name.slice(0, -1);
  }
  if (name === '') {
    return { ok: false, message: 'The name is empty.' };
  }

  if (/[^\x00-\x7f]/.test(name)) {
    // The URL parser would also percent-decode, split on "/" or "@", or read "a:1" as a port: refuse those first.
    if (/[\s%/\\?#@:[\]]/.test(name)) {
      return { ok: false, message: `"${input}" is not a valid domain name.` };
    }
    try {
      name = new URL(`https://${name}/`).hostname;
    } catch {
      return { ok: false, message: `"${input}" is not a valid internationalised domain name.` };
    }
  }
  name = lowerAscii(name);
  const labels = name.split('.');
  if (labels.some((label) => label.length === 0)) {
    return { ok: false, message: `"${input}" has an empty label.` };
  }
  if (labels.some((label) => label.length > 63)) {
    return { ok: false, message: `"${input}" has a label longer than 63 octets.` };
  }
  if (name.length + 2 > 255) {
    return { ok: false, message: `"${input}" is longer than 255 octets.` };
  }
  return { ok: true, name };
}
