/**
 * The data model of findings: plain JSON shapes, deliberately LSP-compatible (0-based lines, UTF-16 characters),
 * so every shell passes them through with a shallow map.
 */
import type { FindingCode } from './catalogue.js';

/** How bad a finding is. `info` never makes the CLI exit non-zero. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A position in a text: 0-based line and UTF-16 code-unit character, as in LSP and JavaScript strings. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range between two positions. */
export interface Range {
  start: Position;
  end: Position;
}

/** A pointer into an RFC. `section` is absent when the source names the RFC as a whole. */
export interface RfcRef {
  rfc: number;
  section: string | null;
}

/** What input a rule needs (see rules.md, "Scope"). */
export type Scope =
  | 'sts-txt'
  | 'sts-dns'
  | 'fetch'
  | 'policy'
  | 'mx'
  | 'mx-tls'
  | 'history'
  | 'posture'
  | 'dane'
  | 'rpt-txt'
  | 'rpt-dns'
  | 'report'
  | 'report-msg'
  | 'dns'
  | 'internal';

/**
 * How an editor may render a finding's range, mapped one to one to LSP diagnostic tags: `unnecessary` for text
 * senders ignore (shown faded), `deprecated` for an obsolete form (shown struck through).
 */
export type FindingTag = 'unnecessary' | 'deprecated';

/** One row of the catalogue. */
export interface CatalogueEntry {
  /** A short name for the rule: a few words, sentence case, no final period. Plain text with backticks. */
  title: string;
  /**
   * What is wrong, why it matters to senders and what to do, in one to three sentences for a mail admin. Plain text
   * with backticks around literals, never HTML.
   */
  explanation: string;
  /** Editor tags for the finding's range, where the rule marks ignored or obsolete text. */
  tags?: readonly FindingTag[];
  severity: Severity;
  scope: Scope;
  /** Message template with `{placeholders}` filled from the finding's data. Plain text with backticks, never HTML. */
  message: string;
  /** The source column of the catalogue, as written. */
  source: string;
  /** The primary RFC reference derived from `source`; null where the rule cites no RFC. */
  ref: RfcRef | null;
  notes: string;
  /** Whether the rule can carry a certain quick fix. */
  fixable: boolean;
}

/** A text edit: replace `range` with `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix, only offered when it is certain. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** Secondary locations, e.g. each of two duplicate records. */
export interface RelatedLocation {
  message: string;
  range: Range;
}

/** Values a message was built from; shown in hovers and in JSON output. */
export type FindingData = Record<string, string | number | boolean>;

/** One finding. Built only by `makeFinding`, so code, severity, message and RFC reference cannot drift. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  range?: Range;
  /** For JSON reports: where in the document (member names and array indexes). */
  path?: (string | number)[];
  rfc?: RfcRef & { url: string };
  related?: RelatedLocation[];
  fix?: Fix;
  data?: FindingData;
}

/** What every `parse*` function returns. Parsers never throw. */
export interface Parsed<T> {
  value: T | undefined;
  findings: Finding[];
}
