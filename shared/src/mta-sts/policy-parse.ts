/**
 * The lexical layer of the policy (RFC 8461 §3.2): byte-order mark, encoding and control characters, line
 * terminators, blank lines and the `key ":" *WSP value` split of each line. Field meanings are judged in
 * `policy-validate.ts`. Pure. Never throws.
 */
import { makeFinding } from '../findings/finding.js';
import type { Finding, Range } from '../findings/types.js';
import type { LineIndex } from '../text/line-index.js';
import { invalidUtf8Offsets } from '../text/utf8.js';
import type { Policy, PolicyField } from './policy-types.js';

/** One line of the text; `number` is its 0-based line (as LineIndex counts: LF, CRLF and bare CR end a line). */
export interface PolicyLine {
  number: number;
  start: number;
  end: number;
  terminator: '' | '\n' | '\r\n' | '\r';
}

/** What the lexical layer found. */
export interface PolicyLex {
  fields: PolicyField[];
  lines: PolicyLine[];
  /** Lines holding control characters or undecodable bytes: STS225 is their one finding. */
  tainted: ReadonlySet<number>;
  lineEnding: Policy['lineEnding'];
  /** The terminator fixes insert: the dominant one, CRLF on a tie (the RFC's prose). */
  eol: '\n' | '\r\n';
  /** Where the policy proper starts: 1 after a byte-order mark in the text, else 0. */
  bodyStart: number;
  findings: Finding[];
}

const BOM = '\uFEFF';
const wsp = (c: string | undefined): boolean => c === ' ' || c === '\t';
/** C0 controls other than HTAB and the terminators, DEL, and unpaired surrogates (no UTF-8 form exists). */
const badChar =
  /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function splitLines(text: string, from: number): PolicyLine[] {
  const lines: PolicyLine[] = [];
  let start = from;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      const crlf = c === 13 && text.charCodeAt(i + 1) === 10;
      lines.push({ number: lines.length, start, end: i, terminator: crlf ? '\r\n' : c === 10 ? '\n' : '\r' });
      if (crlf) {
        i++;
      }
      start = i + 1;
    }
  }
  // The grammar allows one final terminator, after which nothing is a line.
  if (start < text.length) {
    lines.push({ number: lines.length, start, end: text.length, terminator: '' });
  }
  return lines;
}

/** What is known of the bytes behind the text. */
export interface PolicySource {
  /** The raw body. */
  bytes?: Uint8Array | undefined;
  /** Without the bytes: whether they were valid UTF-8 (false: each U+FFFD in the text stands for invalid bytes). */
  validUtf8?: boolean | undefined;
}

/** Offsets of the replacement characters a decoder put into the text, as far as the source tells. */
function replacedOffsets(text: string, source: PolicySource): number[] {
  if (source.bytes) {
    return invalidUtf8Offsets(source.bytes, text.startsWith(BOM));
  }
  if (source.validUtf8 === false) {
    // Unplaceable when the text holds no U+FFFD; the caller then reports the whole text.
    const found = [...text.matchAll(/\uFFFD/g)].map((m) => m.index);
    return found.length > 0 ? found : [-1];
  }
  return [];
}

/**
 * Where each line's first undecodable or control character is, by line number. `unplaced` when the bytes are not
 * valid UTF-8 but the text is not their decoding, so no spot in it can be named.
 */
function badSpots(
  text: string,
  lines: PolicyLine[],
  source: PolicySource,
): { spots: Map<number, number>; unplaced: boolean } {
  const spots = new Map<number, number>();
  for (const line of lines) {
    const hit = badChar.exec(text.slice(line.start, line.end));
    if (hit) {
      spots.set(line.number, line.start + hit.index);
    }
  }
  const offsets = replacedOffsets(text, source);
  if (offsets.length === 0) {
    return { spots, unplaced: false };
  }
  let placed = false;
  let l = 0;
  for (const at of offsets) {
    while (l < lines.length && (lines[l]?.end ?? 0) < at) {
      l++;
    }
    const line = lines[l];
    // A text that is not the decoding of these bytes gets the document-level finding below instead.
    if (!line || at < line.start || text[at] !== '\uFFFD') {
      continue;
    }
    placed = true;
    const prior = spots.get(line.number);
    if (prior === undefined || at < prior) {
      spots.set(line.number, at);
    }
  }
  return { spots, unplaced: !placed };
}

/** Split the text into lines and fields, with the findings of the lexical rules. */
export function lexPolicy(text: string, index: LineIndex, source: PolicySource): PolicyLex {
  const { bytes } = source;
  const findings: Finding[] = [];
  const range = (start: number, end: number): Range => index.rangeOf(start, end);
  const n = (line: PolicyLine): number => line.number + 1;

  const bomInText = text.startsWith(BOM);
  const bodyStart = bomInText ? 1 : 0;
  if (bomInText) {
    findings.push(
      makeFinding('STS201', {
        range: range(0, 1),
        fix: { title: 'Remove the byte-order mark', edits: [{ range: range(0, 1), newText: '' }] },
      }),
    );
  } else if (bytes && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    // The decoder dropped the mark, so the text holds nothing to delete: no fix.
    findings.push(makeFinding('STS201', { range: range(0, 0) }));
  }

  const lines = splitLines(text, bodyStart);
  const lf = lines.filter((l) => l.terminator === '\n').length;
  const crlf = lines.filter((l) => l.terminator === '\r\n').length;
  const eol = crlf >= lf ? '\r\n' : '\n';
  const lineEnding = lf > 0 && crlf > 0 ? 'mixed' : crlf > 0 ? 'CRLF' : 'LF';
  if (lineEnding === 'mixed') {
    const minority = lines.filter(
      (l) => (l.terminator === '\n' || l.terminator === '\r\n') && l.terminator !== eol,
    );
    const firstMinority = minority[0];
    if (firstMinority) {
      findings.push(
        makeFinding('STS205', {
          range: range(firstMinority.end, firstMinority.end + firstMinority.terminator.length),
          fix: {
            title: `Use ${eol === '\n' ? 'LF' : 'CRLF'} line endings throughout`,
            edits: minority.map((l) => ({ range: range(l.end, l.end + l.terminator.length), newText: eol })),
          },
        }),
      );
    }
  }

  const { spots, unplaced } = badSpots(text, lines, source);
  if (unplaced) {
    findings.push(makeFinding('STS225', { range: range(bodyStart, bodyStart) }));
  }

  const fields: PolicyField[] = [];
  const tainted = new Set<number>();
  for (const line of lines) {
    if (line.terminator === '\r') {
      // RFC 8461 §3.2: `sts-policy-term = LF / CRLF`; a lone CR ends no line for senders.
      findings.push(
        makeFinding('STS204', {
          range: range(line.end, line.end + 1),
          data: { n: n(line) },
          fix: {
            title: 'Use a proper line ending',
            edits: [{ range: range(line.end, line.end + 1), newText: eol }],
          },
        }),
      );
    }
    const spot = spots.get(line.number);
    if (spot !== undefined) {
      tainted.add(line.number);
      findings.push(makeFinding('STS225', { range: range(spot, spot + 1) }));
    }
    const field = lexLine(text, line, spot !== undefined, findings, range);
    if (field) {
      fields.push(field);
    }
  }
  return { fields, lines, tainted, lineEnding, eol, bodyStart, findings };
}

/** One line: blank-line, layout and whitespace rules; returns its field, if it has one. */
function lexLine(
  text: string,
  line: PolicyLine,
  tainted: boolean,
  findings: Finding[],
  range: (start: number, end: number) => Range,
): PolicyField | undefined {
  const n = line.number + 1;
  let p = line.start;
  while (p < line.end && wsp(text[p])) {
    p++;
  }
  if (p === line.end) {
    // `*( TERM field *WSP )`: a line holds a field, so an empty or blank line breaks the grammar.
    const whole = range(line.start, line.end + line.terminator.length);
    findings.push(
      makeFinding('STS203', {
        range: whole,
        data: { n },
        fix: { title: 'Remove the blank line', edits: [{ range: whole, newText: '' }] },
      }),
    );
    return undefined;
  }
  const at = text.slice(line.start, line.end).indexOf(':');
  const colon = at < 0 ? -1 : line.start + at;
  let nameEnd = colon;
  while (nameEnd > p && wsp(text[nameEnd - 1])) {
    nameEnd--;
  }
  if (nameEnd <= p) {
    // No `:` at all, or nothing before it.
    if (!tainted) {
      findings.push(makeFinding('STS202', { range: range(line.start, line.end), data: { n } }));
    }
    return undefined;
  }
  const nameStart = p;
  const colonAt = colon;
  if (!tainted && (nameStart > line.start || nameEnd < colonAt)) {
    // `"mode" ":"`: nothing may precede the name or stand between it and the colon.
    const edits = [];
    if (nameStart > line.start) {
      edits.push({ range: range(line.start, nameStart), newText: '' });
    }
    if (nameEnd < colonAt) {
      edits.push({ range: range(nameEnd, colonAt), newText: '' });
    }
    const first = nameStart > line.start ? range(line.start, nameStart) : range(nameEnd, colonAt);
    findings.push(
      makeFinding('STS206', { range: first, data: { n }, fix: { title: 'Remove the whitespace', edits } }),
    );
  }
  let valueStart = colonAt + 1;
  while (valueStart < line.end && wsp(text[valueStart])) {
    valueStart++;
  }
  let valueEnd = line.end;
  // `field *WSP`: trailing blanks belong to no value.
  while (valueEnd > valueStart && wsp(text[valueEnd - 1])) {
    valueEnd--;
  }
  return {
    name: text.slice(nameStart, nameEnd),
    value: text.slice(valueStart, valueEnd),
    line: line.number,
    nameStart,
    nameEnd,
    valueStart,
    valueEnd,
  };
}
