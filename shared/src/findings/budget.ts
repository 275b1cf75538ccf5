/**
 * A cap on the findings kept for one document, with counts of all of them by severity. Past the cap a finding is
 * counted and never built, so input that is flawed everywhere costs no more memory than clean input, and callers
 * still see from the counts whether there was an error. Pure. Never throws.
 */
import { catalogue, type FindingCode } from './catalogue.js';
import type { Finding, Severity } from './types.js';
import { limits } from '../limits.js';

/** How many findings of each severity a document has, listed or not. */
export type FindingCounts = Record<Severity, number>;

/** The findings of a document as kept under a cap, with the counts of all of them. */
export interface CappedFindings {
  findings: Finding[];
  counts: FindingCounts;
}

/** The state of a cap while findings are made. */
export interface FindingBudget {
  /** Most findings kept. */
  readonly max: number;
  /** Findings kept so far. */
  kept: number;
  /** All findings so far, kept or not. */
  readonly counts: FindingCounts;
}

/** No findings yet. */
export const noFindingCounts = (): FindingCounts => ({ error: 0, warning: 0, info: 0, hint: 0 });

/** A cap of `max` findings (default `limits.findingsPerFile`; at least 0, `Infinity` for none). */
export function createFindingBudget(max: number = limits.findingsPerFile): FindingBudget {
  return {
    max: Number.isNaN(max) ? limits.findingsPerFile : Math.max(0, max),
    kept: 0,
    counts: noFindingCounts(),
  };
}

/** Count a finding of `code`; true when it is to be built and kept, false when the cap is reached. */
export function admitFinding(budget: FindingBudget, code: FindingCode): boolean {
  budget.counts[catalogue[code].severity]++;
  if (budget.kept >= budget.max) {
    return false;
  }
  budget.kept++;
  return true;
}

/** Count a finding already built (by its own severity); true when it is to be kept. */
export function admitBuilt(budget: FindingBudget, finding: Finding): boolean {
  budget.counts[finding.severity]++;
  if (budget.kept >= budget.max) {
    return false;
  }
  budget.kept++;
  return true;
}

/** Findings already built, kept in order under the budget. */
export function keepWithin(budget: FindingBudget, findings: readonly Finding[]): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (admitBuilt(budget, finding)) {
      kept.push(finding);
    }
  }
  return kept;
}

/** The first `max` findings and the counts of all of them. */
export function capFindings(findings: readonly Finding[], max?: number): CappedFindings {
  const budget = createFindingBudget(max);
  return { findings: keepWithin(budget, findings), counts: budget.counts };
}

/** The counts of a list of findings. */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts = noFindingCounts();
  for (const finding of findings) {
    counts[finding.severity]++;
  }
  return counts;
}

/** All findings counted, kept or not. */
export function totalFindings(counts: FindingCounts): number {
  return counts.error + counts.warning + counts.info + counts.hint;
}

/**
 * Two capped lists as one: `first`'s findings, then `second`'s, cut at `max`, with the counts of both. For a
 * document read in parts (an email's own findings, then its report's).
 */
export function joinCapped(first: CappedFindings, second: CappedFindings, max?: number): CappedFindings {
  const budget = createFindingBudget(max);
  const findings = keepWithin(budget, [...first.findings, ...second.findings]);
  const counts = noFindingCounts();
  for (const severity of Object.keys(counts) as Severity[]) {
    counts[severity] = first.counts[severity] + second.counts[severity];
  }
  return { findings, counts };
}

/** Append findings to a list without spreading them into a call (a spread of a long list overflows the stack). */
export function appendFindings(target: Finding[], source: readonly Finding[]): void {
  for (const finding of source) {
    target.push(finding);
  }
}
