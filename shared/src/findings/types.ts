/**
 * The data model of findings: plain JSON shapes, deliberately LSP-compatible (0-based lines, UTF-16 characters),
 * so every shell passes them through with a shallow map.
 */
import type { FindingCode } from './catalogue.js';
import type { RfcRef, Severity } from './rule.js';

export type { CatalogueEntry, FindingTag, RfcRef, Scope, Severity } from './rule.js';

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
