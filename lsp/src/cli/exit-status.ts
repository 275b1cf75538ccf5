/** The CLI's exit statuses and fail policy as data. Loads nothing: argument parsing uses it. */
import type { Verdict } from '@sts-inspector/shared/verdicts';

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
