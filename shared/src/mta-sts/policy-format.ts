/**
 * Formatting a policy text without losing any of it: every line is kept as written and in order; only the
 * byte-order mark, blank lines, whitespace at the ends of lines and around the first `:`, and line terminators
 * change. Unlike `printPolicy`, a line the parser cannot read stays. Pure. Never throws.
 */

/** Which line terminator the formatted text uses. */
export type PolicyLineEnding = 'crlf' | 'lf' | 'keep';

/** Options of `formatPolicyText`. */
export interface PolicyFormatOptions {
  /**
   * `crlf` (the default: RFC 8461 §3.2's examples and prose end lines with CRLF), `lf`, or `keep` the text's
   * dominant terminator (LF when it has none, CRLF on a tie).
   */
  lineEnding?: PolicyLineEnding;
}

const trimWsp = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/g, '');

/**
 * The formatted text. Formatting twice gives the text formatting once gives; removing every whitespace
 * character (and the byte-order mark) from the input and the output leaves the same string.
 */
export function formatPolicyText(text: string, options: PolicyFormatOptions = {}): string {
  const body = text;
  let lf = 0;
  let crlf = 0;
  for (const m of body.matchAll(/\r\n|\n/g)) {
    if (m[0] === '\n') {
      lf++;
    } else {
      crlf++;
    }
  }
  const mode = options.lineEnding ?? 'crlf';
  const eol = mode === 'lf' ? '\n' : mode === 'crlf' ? '\r\n' : lf > crlf ? '\n' : crlf > 0 ? '\r\n' : '\n';
  const lines: string[] = [];
  for (const raw of body.split(/\r\n|\r|\n/)) {
    // A byte-order mark counts only at the start of the policy: strip it from the first line that stays.
    const line = lines.length === 0 ? raw.replace(/^[\uFEFF \t]+/, '').replace(/[ \t]+$/, '') : trimWsp(raw);
    if (line === '') {
      continue;
    }
    const colon = line.indexOf(':');
    lines.push(
      colon < 0 ? line : `${trimWsp(line.slice(0, colon))}: ${trimWsp(line.slice(colon + 1))}`.trimEnd(),
    );
  }
  return lines.length === 0 ? '' : lines.join(eol) + eol;
}
