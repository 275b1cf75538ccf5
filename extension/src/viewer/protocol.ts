/**
 * Messages between the report viewer page and its worker. The page sends files; the worker reads them one at a
 * time with the core, adds each report to one summary, and answers with progress, each file's outcome and the
 * summary so far. Everything here is plain data (structured clone); every string in it may come from a report.
 */
import type { FindingCounts, ReportPhase, ReportSummary, Severity } from '@sts-inspector/shared';

/** Page to worker. */
export type ToWorker =
  /** Read one file and add its report to the summary. Files are read in the order sent. */
  | { type: 'add'; id: number; file: Blob; name: string }
  /** Forget every report added so far. */
  | { type: 'clear' };

/** A finding as the viewer lists it: located by 1-based line and column of the report text, and JSON path. */
export interface ViewFinding {
  code: string;
  severity: Severity;
  message: string;
  /** 1-based line and column of the finding's start in the report JSON; absent for findings about the file. */
  line?: number;
  column?: number;
  /** Where in the report, e.g. `policies[0].summary`; absent when not known. */
  path?: string;
}

/** What one file gave. */
export interface FileOutcome {
  /** `report-email` for a saved message; absent when the file was refused before reading (`error`). */
  kind?: 'report' | 'report-email';
  /** Whether a report was read from it (and added to the summary, unless it was a duplicate). */
  parsed: boolean;
  /** Why the file could not be read at all (too large, unreadable); findings say what is wrong with a report. */
  error?: string;
  /** The findings kept for this file (capped per file and across all files). */
  findings: ViewFinding[];
  /** All its findings by severity, listed or not. */
  counts: FindingCounts;
  /** The report's reporting organisation, id and date range, as the report gives them. */
  organization?: string;
  reportId?: string;
  dateRange?: { startMs: number; endMs: number };
  /** For emails: the message's subject and sender. */
  subject?: string;
  from?: string;
}

/** Worker to page. */
export type FromWorker =
  | { type: 'progress'; id: number; phase: ReportPhase; done?: number; total?: number }
  | { type: 'file'; id: number; outcome: FileOutcome; summary: ReportSummary }
  | { type: 'cleared'; summary: ReportSummary };
