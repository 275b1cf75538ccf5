/**
 * What a rule of the catalogue is: its severity, scope, editor tags and RFC reference, and the shape of a catalogue
 * entry. The catalogue is written in these terms and the findings' model (`types.ts`) carries them. Types only.
 */

/** How bad a finding is. `info` never makes the CLI exit non-zero. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

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
