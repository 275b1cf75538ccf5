/**
 * The `mta-sts.txt` policy (RFC 8461 §3.2): a tolerant parse that always returns the fields it could read and a
 * finding for every departure from the grammar and the field rules, located at the offending key or value.
 * The lexical layer is `policy-parse.ts`, the field rules `policy-validate.ts`. Pure. Never throws.
 */
import { hasErrors, makeFinding } from '../findings/finding.js';
import { limits } from '../limits.js';
import { guardParse } from '../findings/guard.js';
import type { Parsed } from '../findings/types.js';
import { createLineIndex } from '../text/line-index.js';
import { lexPolicy } from './policy-parse.js';
import { validatePolicyFields } from './policy-validate.js';

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

/** Options of the parse. */
export interface PolicyParseOptions {
  /** The raw body, when known: lets the parser report invalid UTF-8 (STS225) and a byte-order mark (STS201) exactly. */
  bytes?: Uint8Array | undefined;
  /**
   * Without `bytes`: whether the body was valid UTF-8 (a fetcher's `validUtf8`). `false` makes each U+FFFD in the
   * text an STS225; by default a U+FFFD is taken as written.
   */
  validUtf8?: boolean | undefined;
  /** The policy domain, when known: enables STS308 (a wildcard over the domain itself). */
  domain?: string | undefined;
  /**
   * A larger policy (in UTF-8 bytes) is not parsed: STS111, as senders would not read it (default 64 KiB,
   * `limits.policyBytes`; RFC 8461 §3.3 suggests a 64 KB cap and the CLI's fetch stops there too).
   */
  maxBytes?: number | undefined;
}

/** The size to report when a policy is over `max` UTF-8 bytes, or undefined when it is within. */
function oversize(text: string, bytes: Uint8Array | undefined, max: number): number | string | undefined {
  if (bytes !== undefined) {
    return bytes.length > max ? bytes.length : undefined;
  }
  // A UTF-16 code unit is one to three UTF-8 bytes: encode only when the length leaves it open.
  if (text.length > max) {
    return `more than ${max}`;
  }
  if (text.length * 3 <= max) {
    return undefined;
  }
  const n = new TextEncoder().encode(text).length;
  return n > max ? n : undefined;
}

/**
 * Parse and validate a policy. A value is returned for any text (missing fields undefined); a policy with any
 * error finding is one senders would reject.
 * @see RFC 8461 §3.2
 */
export function parsePolicy(text: string, options: PolicyParseOptions = {}): Parsed<Policy> {
  const size = oversize(text, options.bytes, options.maxBytes ?? limits.policyBytes);
  if (size !== undefined) {
    // Nothing in it takes effect, and a policy of millions of lines would cost a finding per line.
    const start = { line: 0, character: 0 };
    return {
      value: undefined,
      findings: [makeFinding('STS111', { range: { start, end: start }, data: { size } })],
    };
  }
  const index = createLineIndex(text);
  return guardParse(
    () => {
      const lexed = lexPolicy(text, index, options);
      const validated = validatePolicyFields(lexed, { index, domain: options.domain });
      return {
        value: { ...validated.policy, fields: lexed.fields, lineEnding: lexed.lineEnding },
        findings: [...lexed.findings, ...validated.findings],
      };
    },
    index.rangeOf(0, text.length),
  );
}

/** Whether senders would apply the policy: no error finding and a `mode`. */
export function isPolicyUsable(parsed: Parsed<Policy>): boolean {
  return parsed.value?.mode !== undefined && !hasErrors(parsed.findings);
}
