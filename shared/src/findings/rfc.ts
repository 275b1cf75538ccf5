/** Links to RFC sections. Pure. */
import type { RfcRef } from './types.js';

/** The canonical URL of an RFC section (or of the RFC when no section is named). */
export function rfcUrl(ref: RfcRef): string {
  const base = `https://www.rfc-editor.org/rfc/rfc${ref.rfc}`;
  if (ref.section === null) {
    return base;
  }
  const anchor = /^[A-Z]/.test(ref.section) ? `appendix-${ref.section}` : `section-${ref.section}`;
  return `${base}#${anchor}`;
}

/** "RFC 8461 §3.1" */
export function formatRfcRef(ref: RfcRef): string {
  return ref.section === null ? `RFC ${ref.rfc}` : `RFC ${ref.rfc} §${ref.section}`;
}
