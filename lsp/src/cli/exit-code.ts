/** Exit codes of the CLI, computed from findings and verdicts in one place. Pure. */
import {
  anyAtLeast,
  countsAtLeast,
  isAtLeast,
  type Finding,
  type FindingCounts,
  type Severity,
  type Verdict,
} from '@sts-inspector/shared/lint';

export {
  EXIT_OK,
  EXIT_FINDINGS,
  EXIT_USAGE,
  EXIT_INTERRUPTED,
  failOnLevels,
  defaultFailVerdicts,
  defaultFailPolicy,
  type FailOn,
  type FailPolicy,
} from './exit-status.js';
import { EXIT_FINDINGS, EXIT_OK, type FailOn, type FailPolicy } from './exit-status.js';

/** Whether a finding of this severity fails the run (the core compares severities). */
export function fails(severity: Severity, failOn: FailOn): boolean {
  return isAtLeast(severity, failOn);
}

export function exitCodeFor(findings: readonly Finding[], failOn: FailOn = 'error'): number {
  return anyAtLeast(findings, failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/** The exit code of a domain's check: its findings, then its verdict. */
export function exitCodeForCheck(verdict: Verdict, findings: readonly Finding[], policy: FailPolicy): number {
  return policy.failVerdicts.includes(verdict) ? EXIT_FINDINGS : exitCodeFor(findings, policy.failOn);
}

/**
 * The exit code of a document by its counts of findings: the findings listed stop at the core's cap per file, the
 * counts do not, so an error past the cap still fails the run.
 */
export function exitCodeForCounts(counts: FindingCounts, failOn: FailOn = 'error'): number {
  return countsAtLeast(counts, failOn) ? EXIT_FINDINGS : EXIT_OK;
}
