/**
 * A tolerant reader of DNS master files (RFC 1035 §5.1, the BIND zone file format) that finds the TXT records in
 * them and keeps, for every character of a record's joined value, where it was written in the file. Quoted and
 * unquoted character-strings, `\X` and `\DDD` escapes, parentheses across lines, `;` comments, `$ORIGIN`, `@`,
 * relative and absolute owner names and omitted owners (the previous one) are understood; everything else is
 * skipped. Pure. Never throws: a line it cannot read is passed over.
 */

/** One TXT record of a zone file. */
export interface ZoneTxtRecord {
  /** The owner name, absolute, lower-case, without the final dot (`_mta-sts.example.com`). */
  owner: string;
  /** Offsets of the owner as written, or of the line's start when the owner was omitted. */
  ownerStart: number;
  ownerEnd: number;
  /** The character-strings joined without separators (RFC 7208 §3.3), escapes decoded. */
  value: string;
  /**
   * `offsets[i]` is the offset in the file of the first character that wrote `value[i]`; `offsets[value.length]`
   * is the offset just after the last one. Strictly increasing.
   */
  offsets: number[];
  /** For each value character, whether it sits inside a quoted string written without an escape. */
  plain: boolean[];
  /** Offsets of the whole record's data (the first string's start to the last string's end). */
  dataStart: number;
  dataEnd: number;
}

/** Bounds of the reader: files and records larger than this are read up to the bound. */
export const zoneFileLimits = { maxRecords: 10_000, maxTokensPerRecord: 1_000 } as const;

interface Token {
  text: string;
  start: number;
  end: number;
  quoted: boolean;
  /** Decoded characters with their offsets (only for string tokens). */
  chars: { c: string; at: number; plain: boolean }[];
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t';

/** Read one character-string token starting at `i` (quoted or not); returns it and the offset after it. */
function readToken(text: string, i: number): { token: Token; next: number } {
  const quoted = text[i] === '"';
  const start = i;
  const chars: Token['chars'] = [];
  let j = quoted ? i + 1 : i;
  while (j < text.length) {
    const c = text[j] ?? '';
    if (quoted ? c === '"' : isBlank(c) || c === ';' || c === '(' || c === ')' || c === '"') {
      break;
    }
    if (c === '\n' || c === '\r') {
      break;
    }
    if (c === '\\' && j + 1 < text.length) {
      const digits = /^\d{3}/.exec(text.slice(j + 1, j + 4));
      if (digits) {
        chars.push({ c: String.fromCharCode(Math.min(255, Number(digits[0]))), at: j, plain: false });
        j += 4;
      } else {
        chars.push({ c: text[j + 1] ?? '', at: j, plain: false });
        j += 2;
      }
      continue;
    }
    chars.push({ c, at: j, plain: quoted });
    j++;
  }
  const end = quoted && text[j] === '"' ? j + 1 : j;
  return {
    token: { text: text.slice(start, end), start, end, quoted, chars },
    next: end,
  };
}

/** Split the file into logical entries (parentheses joined), each a list of tokens; a line's first-column flag kept. */
function* entries(
  text: string,
): Generator<{ tokens: Token[]; startsInColumnOne: boolean; lineStart: number }> {
  let i = 0;
  let depth = 0;
  let tokens: Token[] = [];
  let startsInColumnOne = false;
  let lineStart = 0;
  let atLineStart = true;
  while (i <= text.length) {
    const c = text[i];
    if (atLineStart && depth === 0) {
      lineStart = i;
      startsInColumnOne = c !== undefined && !isBlank(c) && c !== '\n' && c !== '\r' && c !== ';';
      atLineStart = false;
    }
    if (c === undefined || ((c === '\n' || c === '\r') && depth === 0)) {
      if (tokens.length > 0) {
        yield { tokens, startsInColumnOne, lineStart };
      }
      tokens = [];
      atLineStart = true;
      i++;
      continue;
    }
    if (c === '\n' || c === '\r' || isBlank(c)) {
      i++;
      continue;
    }
    if (c === ';') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
        i++;
      }
      continue;
    }
    if (c === '(') {
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      depth = Math.max(0, depth - 1);
      i++;
      continue;
    }
    const { token, next } = readToken(text, i);
    if (tokens.length < zoneFileLimits.maxTokensPerRecord) {
      tokens.push(token);
    }
    i = Math.max(next, i + 1);
  }
}

const classes = new Set(['in', 'ch', 'hs', 'cs']);
const isTtl = (s: string): boolean => /^\d+[smhdw]?(\d+[smhdw])*$/i.test(s);

/** The decoded text of a token (escapes applied). */
const decoded = (t: Token): string => t.chars.map((x) => x.c).join('');

/** Make a name absolute against the origin; lower-case, no final dot. */
function absolute(name: string, origin: string): string {
  if (name === '@') {
    return origin;
  }
  if (name.endsWith('.')) {
    return name.slice(0, -1).toLowerCase();
  }
  return (origin ? `${name}.${origin}` : name).toLowerCase();
}

/**
 * The TXT records of a zone file, in file order, with the owner names made absolute. `origin` is the zone's
 * origin when the file does not set one with `$ORIGIN` (e.g. from a `db.example.com` file name).
 */
export function readZoneTxtRecords(text: string, origin = ''): ZoneTxtRecord[] {
  const records: ZoneTxtRecord[] = [];
  let currentOrigin = absolute(origin.endsWith('.') ? origin : `${origin}.`, '').replace(/^\.$/, '');
  let previousOwner: { name: string; start: number; end: number } | undefined;
  for (const entry of entries(text)) {
    if (records.length >= zoneFileLimits.maxRecords) {
      break;
    }
    const tokens = entry.tokens;
    const first = tokens[0];
    if (!first) {
      continue;
    }
    const directive = first.text.toUpperCase();
    if (entry.startsInColumnOne && directive.startsWith('$')) {
      if (directive === '$ORIGIN' && tokens[1]) {
        currentOrigin = absolute(decoded(tokens[1]), currentOrigin);
      }
      continue;
    }
    let k = 0;
    let owner = previousOwner;
    if (entry.startsInColumnOne) {
      owner = { name: absolute(decoded(first), currentOrigin), start: first.start, end: first.end };
      previousOwner = owner;
      k = 1;
    }
    // TTL and class, in either order (RFC 1035 §5.1).
    for (let n = 0; n < 2; n++) {
      const t = tokens[k];
      if (t && !t.quoted && (isTtl(t.text) || classes.has(t.text.toLowerCase()))) {
        k++;
      }
    }
    const type = tokens[k];
    if (!owner || !type || type.quoted || type.text.toUpperCase() !== 'TXT') {
      continue;
    }
    const data = tokens.slice(k + 1);
    const last = data[data.length - 1];
    if (!data[0] || !last) {
      continue;
    }
    const offsets: number[] = [];
    const plain: boolean[] = [];
    let value = '';
    for (const t of data) {
      for (const ch of t.chars) {
        value += ch.c;
        offsets.push(ch.at);
        plain.push(ch.plain);
      }
    }
    offsets.push(last.quoted ? last.end - 1 : last.end);
    records.push({
      owner: owner.name,
      ownerStart: entry.startsInColumnOne ? owner.start : entry.lineStart,
      ownerEnd: entry.startsInColumnOne ? owner.end : entry.lineStart,
      value,
      offsets,
      plain,
      dataStart: data[0].start,
      dataEnd: last.end,
    });
  }
  return records;
}

/**
 * Map a half-open range of a record's value to file offsets. An empty range maps to the file offset of the
 * character it sits before.
 */
export function zoneValueOffsets(record: ZoneTxtRecord, start: number, end: number): [number, number] {
  const clamp = (n: number): number => Math.max(0, Math.min(record.value.length, n));
  const s = clamp(start);
  const e = Math.max(s, clamp(end));
  const from = record.offsets[s] ?? record.dataEnd;
  if (e === s) {
    return [from, from];
  }
  // The end is just after the last character of the range, wherever that character was written (escapes are longer).
  const lastAt = record.offsets[e - 1] ?? from;
  const nextAt = record.offsets[e] ?? record.dataEnd;
  const lastLength = record.plain[e - 1] ? 1 : Math.max(1, nextAt - lastAt);
  return [from, Math.min(lastAt + lastLength, Math.max(from, nextAt))];
}

/** Whether every character of a value range is written plainly inside one quoted string, so an edit can replace it. */
export function isPlainZoneRange(record: ZoneTxtRecord, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (!record.plain[i] || (i > start && record.offsets[i] !== (record.offsets[i - 1] ?? 0) + 1)) {
      return false;
    }
  }
  return true;
}

/** Quote text for use inside a zone file's quoted character-string. */
export function escapeZoneString(text: string): string {
  return text.replace(/[\\"]/g, (c) => `\\${c}`);
}

/** Whether a file name is a DNS zone file by the usual conventions (`*.zone`, `db.*`). */
export function isZoneFileName(fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  return base.endsWith('.zone') || base.startsWith('db.');
}

/** The zone origin a file name suggests (`db.example.com`, `example.com.zone`), or '' when it suggests none. */
export function zoneOriginOfFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  const name = base.startsWith('db.') ? base.slice(3) : base.endsWith('.zone') ? base.slice(0, -5) : '';
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name) ? name : '';
}
