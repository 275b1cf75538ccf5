/** How severities compare, for "fail on warnings" and "has errors". Pure. */
import type { FindingCounts } from './budget.js';
import type { Finding, Severity } from './types.js';

/** The severities from worst to least. */
export const severities = ['error', 'warning', 'info', 'hint'] as const satisfies readonly Severity[];

/** Hints count as infos: neither fails anything an info does not. */
const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 1 };

/** Whether `severity` is `least` or worse. */
export function isAtLeast(severity: Severity, least: Severity): boolean {
  return rank[severity] >= rank[least];
}

/** Whether any finding is `least` or worse. */
export function anyAtLeast(findings: readonly Finding[], least: Severity): boolean {
  return findings.some((f) => isAtLeast(f.severity, least));
}

/** Whether counts of findings (listed or past the cap) hold one that is `least` or worse. */
export function countsAtLeast(counts: FindingCounts, least: Severity): boolean {
  return severities.some((s) => counts[s] > 0 && isAtLeast(s, least));
}
