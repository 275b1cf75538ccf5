/** Exit codes of the CLI, computed from findings in one place. Pure. */
import type { Finding, FindingCounts } from '@sts-inspector/shared';

/** 0 clean (warnings and infos included), 1 when any finding is an error. 2 is for usage and I/O errors. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export function exitCodeFor(findings: readonly Finding[]): number {
  return findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

/** The exit code of a document's findings by their counts: the findings listed may stop at a cap, counts do not. */
export function exitCodeForCounts(counts: FindingCounts): number {
  return counts.error > 0 ? EXIT_FINDINGS : EXIT_OK;
}
