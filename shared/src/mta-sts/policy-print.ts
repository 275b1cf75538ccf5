/**
 * The canonical text of a policy: `version`, `mode`, `mx`…, `max_age`, then extensions (the RFC example's order),
 * each line ending in CRLF. Used by quick fixes and formatting. Pure. Never throws.
 */
import type { Policy } from './policy-types.js';

/**
 * Print the fields a policy has. Missing or invalid `version`/`mode`/`max_age` are left out, `mx` patterns that
 * repeat (case-insensitively) are printed once, and leading extensions whose name starts with U+FEFF are left out
 * (the text never starts with a byte-order mark), so printing a parsed print gives the same text again.
 * @see RFC 8461 §3.2
 */
export function printPolicy(policy: Policy): string {
  const lines: string[] = [];
  if (policy.version !== undefined) {
    lines.push(`version: ${policy.version}`);
  }
  if (policy.mode !== undefined) {
    lines.push(`mode: ${policy.mode}`);
  }
  const printed = new Set<string>();
  for (const { pattern } of policy.mx) {
    const key = pattern.toLowerCase();
    if (!printed.has(key)) {
      printed.add(key);
      lines.push(`mx: ${pattern}`);
    }
  }
  if (policy.maxAge !== undefined) {
    lines.push(`max_age: ${policy.maxAge}`);
  }
  for (const ext of policy.extensions) {
    lines.push(`${ext.name}: ${ext.value}`);
  }
  // An extension named `\uFEFF…` cannot open the text: it would read as a byte-order mark.
  while (lines[0]?.startsWith('\uFEFF')) {
    lines.shift();
  }
  return lines.map((line) => `${line}\r\n`).join('');
}
