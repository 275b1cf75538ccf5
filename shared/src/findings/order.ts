/** The order findings are shown in. Pure. */
import type { Finding } from './types.js';

/**
 * Findings in reading order: document-level ones (no range) first, then by where their range starts, line and then
 * character. Stable: findings at the same place keep the order they were made in. The caller's array is not changed.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  // Keys read once per finding, not per comparison: a report can have many thousands. The sort is stable.
  const keyed = findings.map((finding) => ({
    finding,
    line: finding.range?.start.line ?? -1,
    character: finding.range?.start.character ?? -1,
  }));
  keyed.sort((a, b) => a.line - b.line || a.character - b.character);
  return keyed.map((k) => k.finding);
}
