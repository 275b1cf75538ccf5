/** Plain-text rendering of findings for a terminal. Untrusted text is shown as text, with controls escaped. */
import type { Finding } from '@sts-inspector/shared';
import type { Style } from './style.js';

/**
 * Make untrusted text safe for one terminal line: C0 and C1 controls (escapes, line breaks, tabs) and the Unicode
 * bidi and line-separator characters that could forge or reorder output become visible `\uXXXX` escapes.
 */
export function safeText(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** One line per finding: `  3:1  error  STS208  message  (RFC 8461 §3.2)`. Positions are 1-based for people. */
export function formatFindingLine(f: Finding, style: Style, withPosition: boolean): string {
  const pos = withPosition
    ? (f.range ? `${f.range.start.line + 1}:${f.range.start.character + 1}` : '-').padEnd(7)
    : '';
  const sev = style.severity(f.severity, f.severity.padEnd(7));
  const ref = f.rfc ? style.dim(`  (RFC ${f.rfc.rfc}${f.rfc.section ? ` §${f.rfc.section}` : ''})`) : '';
  return `  ${pos}${sev} ${style.bold(f.code.padEnd(7))} ${safeText(f.message)}${ref}`;
}

/** "2 errors, 1 warning, 3 infos" */
export function countLine(findings: readonly Finding[]): string {
  const n = (s: string): number => findings.filter((f) => f.severity === s).length;
  const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info') + n('hint'), 'info')}`;
}
