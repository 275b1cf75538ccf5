/** Plain-text rendering of findings for a terminal. Untrusted text is shown as text, with controls escaped. */
import { formatRfcRef, type Finding } from '@sts-inspector/shared/lint';
import type { Style } from './style.js';

export { maxShownChars, maxShownLineChars, safeText } from './safe-text.js';
import { maxShownLineChars, safeText } from './safe-text.js';

/** One line per finding: `  3:1  error  STS208  message  (RFC 8461 §3.2)`. Positions are 1-based for people. */
export function formatFindingLine(f: Finding, style: Style, withPosition: boolean): string {
  const pos = withPosition
    ? (f.range ? `${f.range.start.line + 1}:${f.range.start.character + 1}` : '-').padEnd(7)
    : '';
  const sev = style.severity(f.severity, f.severity.padEnd(7));
  const ref = f.rfc ? style.dim(`  (${formatRfcRef(f.rfc)})`) : '';
  return `  ${pos}${sev} ${style.bold(f.code.padEnd(7))} ${safeText(f.message, maxShownLineChars)}${ref}`;
}

/** How many findings there are of each severity (hints count as infos). */
export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export function severityCounts(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) {
    counts[f.severity === 'hint' ? 'info' : f.severity]++;
  }
  return counts;
}

/** "2 errors, 1 warning, 3 infos", of findings or of their counts. */
export function countLine(of: readonly Finding[] | SeverityCounts): string {
  const n = Array.isArray(of) ? severityCounts(of) : (of as SeverityCounts);
  const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${plural(n.error, 'error')}, ${plural(n.warning, 'warning')}, ${plural(n.info, 'info')}`;
}
