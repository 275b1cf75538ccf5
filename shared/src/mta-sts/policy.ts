/**
 * The `mta-sts.txt` policy (RFC 8461 §3.2): a tolerant parse that always returns the fields it could read and a
 * finding for every departure from the grammar and the field rules, located at the offending key or value. The
 * model is `policy-types.ts`, the lexical layer `policy-parse.ts`, the field rules `policy-validate.ts`. Pure. Never
 * throws.
 */
import { hasErrors, makeFinding } from '../findings/finding.js';
import { limits } from '../limits.js';
import { guardParse } from '../findings/guard.js';
import type { Parsed } from '../findings/types.js';
import { createLineIndex } from '../text/line-index.js';
import { lexPolicy } from './policy-parse.js';
import type { Policy } from './policy-types.js';
import { validatePolicyFields } from './policy-validate.js';

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
