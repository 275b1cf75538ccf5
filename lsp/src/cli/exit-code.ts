/** Exit codes of the CLI, computed from findings and verdicts in one place. Pure. */
import {
  anyAtLeast,
  countsAtLeast,
  isAtLeast,
  type Finding,
  type FindingCounts,
  type Severity,
  type Verdict,
} from '@sts-inspector/shared';

/** 0 clean, 1 findings (or verdicts) the user asked to fail on, 2 usage and I/O errors. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
/** Ended by Ctrl-C, as a shell reports a process ended by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;

/** The least severity that fails a run (`--fail-on`). */
export type FailOn = 'error' | 'warning' | 'info';
export const failOnLevels: readonly FailOn[] = ['error', 'warning', 'info'];

/** What makes a run exit 1. */
export interface FailPolicy {
  failOn: FailOn;
  /** `check` only: verdicts that fail the run whatever the findings say. */
  failVerdicts: readonly Verdict[];
}

/** By default errors fail, and so do the verdicts that mean "no usable policy" or "could not look". */
export const defaultFailVerdicts: readonly Verdict[] = ['broken', 'unknown'];
export const defaultFailPolicy: FailPolicy = { failOn: 'error', failVerdicts: defaultFailVerdicts };

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
