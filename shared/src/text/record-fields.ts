/**
 * The shared tokenizer of the two `v=…; name=value; …` TXT records: the `_mta-sts` record (RFC 8461 §3.1) and the
 * `_smtp._tls` record (RFC 8460 §3) share the version rule, the delimiter (`*WSP ";" *WSP`) and the extension
 * grammar. This module finds the version prefix, the delimiters and the fields with their offsets and reports
 * layout defects as plain spans; each record parser turns them into findings with its own codes.
 * Pure. Never throws.
 */
import type { Finding, Fix } from '../findings/types.js';
import { lineRange } from './line-index.js';

/** A half-open span of offsets in the record text. */
export interface Span {
  start: number;
  end: number;
}

/** One `name=value` field of a record. Offsets are into the record text; name and value are as written. */
export interface RecordField {
  name: string;
  value: string;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
}

/**
 * How the record begins. `exact`: byte-exact `v=<tag>` followed by a delimiter or the end. `near-miss`: the same
 * words with other case or spaces (`V=STSv1`, `v = STSv1`, a leading space), evidently meant as such a record.
 * `other`: anything else; `text` is then the leading text up to the first `;`.
 */
export interface VersionPrefix {
  status: 'exact' | 'near-miss' | 'other';
  /** End offset of the prefix (the prefix always starts at 0). */
  end: number;
  /** The prefix as written. */
  text: string;
  /** The version value as written (`STSv1`, `stsv1`); empty for `other`. */
  value: string;
}

/** One field position between delimiters, with or without `=`. */
export interface FieldSegment {
  start: number;
  end: number;
  text: string;
  /** Undefined when the text holds no `=`. */
  field: RecordField | undefined;
  /** Whether spaces stood around the `=` (they were trimmed from `field`). */
  spacedEquals: boolean;
}

/** The layout of a record after its version prefix. */
export interface RecordLayout {
  /** Spaces between the version and the first `;` (grammatical, but see RFC 8461 erratum 6285). */
  spaceBeforeDelim: Span | undefined;
  /** Spaces that stand where a `;` is missing (before a field that follows the version or another field). */
  missingDelims: Span[];
  /** Runs of empty fields: each span is the text to delete (the empty fields and the `;` closing them). */
  emptyFields: Span[];
  segments: FieldSegment[];
}

/** `sts-ext-name` / `tlsrpt-ext-name` (RFC 8461 §3.1, RFC 8460 §3). */
const extensionName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
/** `sts-ext-value` / `tlsrpt-ext-value`: printable ASCII except `=`, `;` and SP. */
const extensionValue = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;
/** A field name followed by `=`: where spaces stand instead of `;`. */
const fieldStart = /[A-Za-z0-9][A-Za-z0-9_.-]{0,31}=/y;

const isWsp = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Whether a name matches the extension-name grammar (1–32 characters, letter or digit first). */
export function isExtensionName(name: string): boolean {
  return extensionName.test(name);
}

/** Whether a value matches the extension-value grammar. */
export function isExtensionValue(value: string): boolean {
  return extensionValue.test(value);
}

/** Whether `offset` ends a version token: the end of the text, WSP or `;` (RFC 8461 §3.1 `sts-field-delim`). */
function isBoundary(text: string, offset: number): boolean {
  const c = text[offset];
  return c === undefined || c === ';' || isWsp(c);
}

/** Whether the text begins with byte-exact `v=<tag>` followed by a delimiter or the end. */
export function startsWithVersion(text: string, tag: string): boolean {
  return text.startsWith(`v=${tag}`) && isBoundary(text, tag.length + 2);
}

function nearMissPattern(tag: string): RegExp {
  // `\s` (not just WSP): a BOM or a non-breaking space pasted into the prefix still reads as a near miss, and
  // non-WSP spaces right after the tag belong to the prefix the STS005/RPT005 fix rewrites.
  return new RegExp(`^\\s*v\\s*=\\s*(${tag})[^\\S \\t]*(?=$|[ \\t;])`, 'i');
}

/** Read the version prefix of a record; `tag` is `STSv1` or `TLSRPTv1` (letters and digits only). */
export function scanVersion(text: string, tag: string): VersionPrefix {
  const exact = `v=${tag}`;
  if (startsWithVersion(text, tag)) {
    return { status: 'exact', end: exact.length, text: exact, value: tag };
  }
  const near = nearMissPattern(tag).exec(text);
  if (near) {
    return { status: 'near-miss', end: near[0].length, text: near[0], value: near[1] ?? '' };
  }
  const semi = text.indexOf(';');
  let end = semi < 0 ? text.length : semi;
  while (end > 0 && isWsp(text[end - 1])) {
    end--;
  }
  return { status: 'other', end, text: text.slice(0, end), value: '' };
}

/** Whether the text looks meant as a record of this version but does not begin with it exactly. */
export function isNearMissVersion(text: string, tag: string): boolean {
  return !startsWithVersion(text, tag) && nearMissPattern(tag).test(text);
}

/** Whether a UTF-16 code unit is outside printable US-ASCII and not HTAB (RFC 8461 §3.1 "MUST be US-ASCII"). */
function isOffending(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code >= 0x7f;
}

/** The first character outside printable US-ASCII (HTAB allowed) at or after `from`, as a span of code units. */
export function findOffendingChar(text: string, from = 0): Span | undefined {
  for (let i = Math.max(0, from); i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isOffending(code)) {
      continue;
    }
    const pair = code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    return { start: i, end: pair ? i + 2 : i + 1 };
  }
  return undefined;
}

/** Whether text[start, end) holds a character outside printable US-ASCII (HTAB allowed). */
export function hasOffendingChar(text: string, start: number, end: number): boolean {
  const found = findOffendingChar(text.slice(start, end));
  return found !== undefined;
}

const skipWsp = (text: string, offset: number): number => {
  let i = offset;
  while (isWsp(text[i])) {
    i++;
  }
  return i;
};

function makeSegment(text: string, start: number, end: number): FieldSegment {
  const segmentText = text.slice(start, end);
  const eq = segmentText.indexOf('=');
  if (eq < 0) {
    return { start, end, text: segmentText, field: undefined, spacedEquals: false };
  }
  let nameEnd = start + eq;
  while (nameEnd > start && isWsp(text[nameEnd - 1])) {
    nameEnd--;
  }
  const valueStart = Math.min(end, skipWsp(text, start + eq + 1));
  const field: RecordField = {
    name: text.slice(start, nameEnd),
    value: text.slice(valueStart, end),
    nameStart: start,
    nameEnd,
    valueStart,
    valueEnd: end,
  };
  return {
    start,
    end,
    text: segmentText,
    field,
    spacedEquals: nameEnd < start + eq || valueStart > start + eq + 1,
  };
}

/**
 * Split non-empty field text at spaces that stand where a `;` belongs: a run of WSP followed by `name=`, not next
 * to a `,` (RFC 8460 §3 allows WSP around the commas of a `rua` list).
 */
function splitMissingDelims(text: string, start: number, end: number, layout: RecordLayout): void {
  let pieceStart = start;
  let i = start;
  while (i < end) {
    if (!isWsp(text[i])) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < end && isWsp(text[i])) {
      i++;
    }
    if (i >= end || text[runStart - 1] === ',' || text[i] === ',') {
      continue;
    }
    fieldStart.lastIndex = i;
    if (!fieldStart.test(text.slice(0, end))) {
      continue;
    }
    layout.missingDelims.push({ start: runStart, end: i });
    layout.segments.push(makeSegment(text, pieceStart, runStart));
    pieceStart = i;
  }
  layout.segments.push(makeSegment(text, pieceStart, end));
}

/**
 * Tokenize the fields of a record after its version prefix (which ends at `from`). Delimiters are
 * `*WSP ";" *WSP`; a final delimiter is allowed; WSP after the last field without a `;` is not, so it stays part
 * of that field (RFC 8461 §3.1 and RFC 8460 §3 ABNF).
 */
export function tokenizeFields(text: string, from: number): RecordLayout {
  const layout: RecordLayout = {
    spaceBeforeDelim: undefined,
    missingDelims: [],
    emptyFields: [],
    segments: [],
  };
  const first = skipWsp(text, from);
  if (first >= text.length) {
    return layout;
  }
  let start = first;
  if (text[first] === ';') {
    if (first > from) {
      layout.spaceBeforeDelim = { start: from, end: first };
    }
    start = first + 1;
  } else if (first > from) {
    layout.missingDelims.push({ start: from, end: first });
  }
  for (;;) {
    const semi = text.indexOf(';', start);
    const closed = semi >= 0;
    const end = closed ? semi : text.length;
    const contentStart = skipWsp(text, start);
    let contentEnd = end;
    if (closed) {
      while (contentEnd > contentStart && isWsp(text[contentEnd - 1])) {
        contentEnd--;
      }
    }
    if (contentStart >= contentEnd) {
      // An empty unclosed tail is the optional final delimiter; an empty closed one is an empty field.
      if (closed) {
        const last = layout.emptyFields[layout.emptyFields.length - 1];
        if (last && last.end === start) {
          last.end = semi + 1;
        } else {
          layout.emptyFields.push({ start, end: semi + 1 });
        }
      }
    } else {
      splitMissingDelims(text, contentStart, contentEnd, layout);
    }
    if (!closed) {
      break;
    }
    start = semi + 1;
  }
  return layout;
}

/** Spaces and format characters that would be invisible or ambiguous in a message. */
const unicodeSpaces = /[\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;

const isInvisible = (c: string): boolean => {
  const code = c.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || unicodeSpaces.test(c);
};

/** Text for a message or data value: invisible characters escaped as `\uXXXX`, long text shortened. */
export function displayText(text: string, max = 80): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return shown.replace(/[^ -~]/g, (c) =>
    isInvisible(c) ? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : c,
  );
}

/** A fix replacing text[start, end) of a single-line record with `newText`. */
export function replaceFix(title: string, start: number, end: number, newText: string): Fix {
  return { title, edits: [{ range: lineRange(start, end), newText }] };
}

/** Findings of a single-line record in text order (stable for equal positions). */
export function inTextOrder(findings: Finding[]): Finding[] {
  const at = (f: Finding): number => f.range?.start.character ?? 0;
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => at(a.f) - at(b.f) || a.i - b.i)
    .map(({ f }) => f);
}
