/**
 * The model of a parsed `mta-sts.txt` policy (RFC 8461 §3.2): what the lexer, the field rules, the MX patterns and
 * the posture share. Types only.
 */

/** The `mode` values (RFC 8461 §3.2, §5). */
export type PolicyMode = 'enforce' | 'testing' | 'none';

/** One `key: value` line as written. Offsets are into the whole text; SP/HTAB around the value are excluded. */
export interface PolicyField {
  name: string;
  value: string;
  /** 0-based line number, as in LSP ranges (messages say `line n` 1-based). */
  line: number;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** One `mx` field. */
export interface MxPatternEntry {
  /** The value as written (case and any trailing dot kept); `normalizeHost` compares it. */
  pattern: string;
  field: PolicyField;
  /** Whether the pattern is well-formed, so senders can match MX hosts against it (no error on it). */
  valid: boolean;
}

/**
 * A parsed policy. `version`, `mode` and `maxAge` come from the first occurrence (RFC 8461 §3.2) and are undefined
 * when missing or invalid. A known key written in another case (`Mode:`, STS207) is read as that key, so its value
 * shows, although the STS207 error makes the policy unusable as strict senders see it.
 */
export interface Policy {
  /** `STSv1`, or undefined. */
  version: string | undefined;
  mode: PolicyMode | undefined;
  /** `max_age` in seconds when it is 1–10 digits; it may exceed `MAX_AGE_LIMIT` (then STS214 is present). */
  maxAge: number | undefined;
  /** Every `mx` field in order, duplicates included. */
  mx: MxPatternEntry[];
  /** Fields other than `version`, `mode`, `max_age` and `mx` (and their case variants), in order. */
  extensions: PolicyField[];
  /** Every field in order. */
  fields: PolicyField[];
  /** `LF` also when the text has no line break at all. Bare CRs do not count (STS204). */
  lineEnding: 'LF' | 'CRLF' | 'mixed';
}
