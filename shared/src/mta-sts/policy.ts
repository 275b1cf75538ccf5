/**
 * The `mta-sts.txt` policy (RFC 8461 §3.2): a tolerant parse that always returns the fields it could read and a
 * finding for every departure from the grammar and the field rules, located at the offending key or value.
 * Pure. Never throws.
 */
import { guardParse } from '../findings/guard.js';
import { makeFinding } from '../findings/finding.js';
import type { Finding, Parsed, Range } from '../findings/types.js';
import { createLineIndex, type LineIndex } from '../text/line-index.js';
import { validatePolicyFields } from './policy-validate.js';

export type PolicyMode = 'enforce' | 'testing' | 'none';

/** One `key: value` line. Offsets are into the whole text. */
export interface PolicyField {
  name: string;
  value: string;
  /** 0-based line number. */
  line: number;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** One `mx` field; `valid` when senders can use it as a pattern. */
export interface MxPatternEntry {
  pattern: string;
  field: PolicyField;
  valid: boolean;
}

/** A parsed policy. Fields that are missing or invalid are undefined; the first occurrence of a field wins. */
export interface Policy {
  version: string | undefined;
  mode: PolicyMode | undefined;
  maxAge: number | undefined;
  mx: MxPatternEntry[];
  extensions: PolicyField[];
  fields: PolicyField[];
  lineEnding: 'LF' | 'CRLF' | 'mixed';
}

/** Options of the parse. */
export interface PolicyParseOptions {
  /** The raw body, when known: lets the parser report invalid UTF-8 exactly. */
  bytes?: Uint8Array | undefined;
  /** The policy domain, when known: enables STS308. */
  domain?: string | undefined;
}

interface Line {
  start: number;
  end: number;
  terminator: '' | '\n' | '\r\n' | '\r';
}

function splitLines(text: string, from: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lines.push({ start, end: i, terminator: '\n' });
      start = i + 1;
    } else if (c === '\r') {
      const crlf = text[i + 1] === '\n';
      lines.push({ start, end: i, terminator: crlf ? '\r\n' : '\r' });
      if (crlf) {
        i++;
      }
      start = i + 1;
    }
  }
  if (start < text.length || lines.length === 0) {
    lines.push({ start, end: text.length, terminator: '' });
  }
  return lines;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Parse and validate a policy. */
export function parsePolicy(text: string, options: PolicyParseOptions = {}): Parsed<Policy> {
  const index = createLineIndex(text);
  return guardParse(() => parse(text, index, options), index.rangeOf(0, text.length));
}

function parse(text: string, index: LineIndex, options: PolicyParseOptions): Parsed<Policy> {
  const findings: Finding[] = [];
  const range = (a: number, b: number): Range => index.rangeOf(a, b);
  let from = 0;
  if (text.startsWith('\uFEFF')) {
    findings.push(
      makeFinding('STS201', {
        range: range(0, 1),
        fix: { title: 'Remove the byte-order mark', edits: [{ range: range(0, 1), newText: '' }] },
      }),
    );
    from = 1;
  }

  const control = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]/.exec(text);
  if ((options.bytes && !isValidUtf8(options.bytes)) || control) {
    const at = control?.index ?? text.indexOf('\ufffd');
    findings.push(makeFinding('STS225', { range: at >= 0 ? range(at, at + 1) : undefined }));
  }

  const lines = splitLines(text, from);
  const lf = lines.filter((l) => l.terminator === '\n').length;
  const crlf = lines.filter((l) => l.terminator === '\r\n').length;
  const eol = crlf >= lf ? '\r\n' : '\n';
  if (lf > 0 && crlf > 0) {
    const edits = lines
      .filter((l) => (l.terminator === '\n' || l.terminator === '\r\n') && l.terminator !== eol)
      .map((l) => ({ range: range(l.end, l.end + l.terminator.length), newText: eol }));
    findings.push(
      makeFinding('STS205', { fix: { title: `Use ${eol === '\n' ? 'LF' : 'CRLF'} line endings`, edits } }),
    );
  }

  const fields: PolicyField[] = [];
  lines.forEach((line) => {
    const n = index.positionAt(line.start).line;
    if (line.terminator === '\r') {
      const at = line.end;
      findings.push(
        makeFinding('STS204', {
          range: range(at, at + 1),
          data: { n: n + 1 },
          fix: { title: 'Use a proper line ending', edits: [{ range: range(at, at + 1), newText: eol }] },
        }),
      );
    }
    const content = text.slice(line.start, line.end);
    if (content.trim() === '') {
      // Only an empty text has an unterminated empty line; any other blank line breaks the grammar.
      if (content === '' && line.terminator === '') {
        return;
      }
      findings.push(
        makeFinding('STS203', {
          range: range(line.start, line.end + line.terminator.length),
          data: { n: n + 1 },
          fix: {
            title: 'Remove the blank line',
            edits: [{ range: range(line.start, line.end + line.terminator.length), newText: '' }],
          },
        }),
      );
      return;
    }
    const colon = content.indexOf(':');
    if (colon < 0) {
      findings.push(makeFinding('STS202', { range: range(line.start, line.end), data: { n: n + 1 } }));
      return;
    }
    const rawName = content.slice(0, colon);
    const name = rawName.trim();
    const nameStart = line.start + rawName.indexOf(name);
    const nameEnd = nameStart + name.length;
    if (name === '') {
      findings.push(makeFinding('STS202', { range: range(line.start, line.end), data: { n: n + 1 } }));
      return;
    }
    if (rawName !== name) {
      const edits = [];
      if (nameStart > line.start) {
        edits.push({ range: range(line.start, nameStart), newText: '' });
      }
      if (nameEnd < line.start + colon) {
        edits.push({ range: range(nameEnd, line.start + colon), newText: '' });
      }
      findings.push(
        makeFinding('STS206', {
          range: range(line.start, line.start + colon),
          data: { n: n + 1 },
          fix: { title: 'Remove the whitespace', edits },
        }),
      );
    }
    const rawValue = content.slice(colon + 1);
    const lead = rawValue.length - rawValue.replace(/^[ \t]+/, '').length;
    const value = rawValue.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
    const valueStart = line.start + colon + 1 + lead;
    fields.push({
      name,
      value,
      line: n,
      nameStart,
      nameEnd,
      valueStart,
      valueEnd: valueStart + value.length,
    });
  });

  const lineEnding = lf > 0 && crlf > 0 ? 'mixed' : crlf > 0 ? 'CRLF' : 'LF';
  const validated = validatePolicyFields(fields, { range, eol, domain: options.domain, text });
  return {
    value: { ...validated.policy, fields, lineEnding },
    findings: [...findings, ...validated.findings],
  };
}

/** Whether senders would apply the policy: it parsed without errors and has a mode. */
export function isPolicyUsable(parsed: Parsed<Policy>): boolean {
  return parsed.value?.mode !== undefined && !parsed.findings.some((f) => f.severity === 'error');
}
