/**
 * Positions for the fast report path without walking the structure of the text. Every member of a JSON object
 * has exactly one `:` outside strings, and `JSON.parse` keeps members in document order (except names that look
 * like array indexes, which V8 enumerates first: the caller says whether the value has any, and then every
 * request is left to the scan). So the member at a path owns the n-th member colon of the text, where n is the
 * number of members before it in document order, numbers the fast path counts while it reads. One native `indexOf` hop over the `:` of the text finds the
 * offsets of those wanted and counts them all (which tells whether `JSON.parse` dropped a duplicate member); a
 * range is then read from the few characters around one offset. Each located member name is compared with the
 * text; on any doubt a request is left to the structural scan of `report-locate.ts`.
 * Pure. Never throws.
 */
import type { Position } from '../../findings/types.js';
import { decodeKey, type JsonPath } from './report-json.js';
import {
  BACKSLASH,
  COLON,
  COMMA,
  CR,
  LF,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  createLineCursor,
  escapedQuote,
  isJsonSpace,
  skipSpace,
  stringEnd,
  valueEnd,
  type LocateRequest,
} from './report-locate.js';
import { isJsonObject, type JsonObject } from './report-walk.js';

/**
 * Member counts of parts of the parsed value: given for the arrays the fast detail loop read (`prefixes`), worked
 * out and remembered for the rest when a path needs them.
 */
export interface MemberCounts {
  /** For an array: `prefix[j]` is the number of members in elements 0 … j−1; `prefix[length]` in all of them. */
  prefixes: Map<readonly unknown[], Int32Array>;
  /** Totals of other objects. */
  totals: Map<object, number>;
  /**
   * For an object searched more than once: the number of members before each of its members; null after the first
   * search (see `membersBefore`).
   */
  objectIndexes: Map<object, Map<string, number> | null>;
}

export const createMemberCounts = (): MemberCounts => ({
  prefixes: new Map(),
  totals: new Map(),
  objectIndexes: new Map(),
});

/** Whether a member name is one V8 may enumerate out of document order (an array index, or anything like it). */
export const indexLike = (name: string): boolean => {
  const c = name.charCodeAt(0);
  return c >= 48 && c <= 57;
};

/** The number of object members in a value, nested ones included. */
function memberTotal(counts: MemberCounts, value: unknown): number {
  if (typeof value !== 'object' || value === null) {
    return 0;
  }
  if (Array.isArray(value)) {
    return prefixOf(counts, value)[value.length] ?? 0;
  }
  const known = counts.totals.get(value);
  if (known !== undefined) {
    return known;
  }
  const object = value as JsonObject;
  let total = 0;
  for (const key in object) {
    total += 1 + memberTotal(counts, object[key]);
  }
  counts.totals.set(value, total);
  return total;
}

function prefixOf(counts: MemberCounts, array: readonly unknown[]): Int32Array {
  let prefix = counts.prefixes.get(array);
  if (prefix === undefined) {
    prefix = new Int32Array(array.length + 1);
    for (let j = 0; j < array.length; j++) {
      prefix[j + 1] = (prefix[j] ?? 0) + memberTotal(counts, array[j]);
    }
    counts.prefixes.set(array, prefix);
  }
  return prefix;
}

/**
 * How many members of the text come before member `name` of `object` inside it (its own earlier members and
 * everything nested in them), or undefined when it has none of that name. The first search in an object walks its
 * members; the second builds an index of them, so that many findings in one object (one per unknown member of a
 * hostile report) cost one pass, not one each: starting a `for … in` over an object of 70,000 members alone takes
 * tens of milliseconds.
 */
function membersBefore(counts: MemberCounts, object: JsonObject, name: string): number | undefined {
  let index = counts.objectIndexes.get(object);
  if (index === undefined) {
    counts.objectIndexes.set(object, null);
    let before = 0;
    for (const key in object) {
      if (key === name) {
        return before;
      }
      before += 1 + memberTotal(counts, object[key]);
    }
    return undefined;
  }
  if (index === null) {
    index = new Map();
    let before = 0;
    for (const key in object) {
      index.set(key, before);
      before += 1 + memberTotal(counts, object[key]);
    }
    counts.objectIndexes.set(object, index);
  }
  return index.get(name);
}

// How a path is anchored in the text (`Anchors.kind`; 0: not at all, the structural scan places it).
/** At the colon of the member the path ends at. */
const MEMBER = 1;
/** An array element: at the colon of its first member (it is an object that has one). */
const ELEMENT = 2;
/** The root value. */
const ROOT = 3;

/**
 * The anchors of a list of paths, in flat arrays (a dense report asks for tens of thousands): for each path its
 * kind, the ordinal of the member colon it hangs on, the member name written before that colon, and whether the
 * value is an object or array.
 */
interface Anchors {
  kind: Uint8Array;
  ordinal: Int32Array;
  name: (string | undefined)[];
  composite: Uint8Array;
}

/**
 * Anchor every path into `root`. Findings come detail by detail, so consecutive paths share long prefixes: each
 * path resumes from where the walk down the previous one agreed with it.
 */
function anchorAll(counts: MemberCounts, root: unknown, requests: readonly LocateRequest[]): Anchors {
  const n = requests.length;
  const anchors: Anchors = {
    kind: new Uint8Array(n),
    ordinal: new Int32Array(n),
    name: new Array<string | undefined>(n),
    composite: new Uint8Array(n),
  };
  /** The path walked last, and after each of its first k segments: the value reached, members before it. */
  let walked: JsonPath = [];
  const nodes: unknown[] = [root];
  const befores: number[] = [0];
  /** For the segments that named a member: the ordinal of its colon (-1 after an array index). */
  const colons: number[] = [-1];
  // The array of the last index step and its prefix counts (most paths step through the same details array).
  let lastArray: unknown;
  let lastPrefix: Int32Array = new Int32Array(0);
  for (let r = 0; r < n; r++) {
    const path = requests[r]?.path ?? [];
    if (path.length === 0) {
      anchors.kind[r] = ROOT;
      continue;
    }
    let k = 0;
    while (k < path.length && k < walked.length && path[k] === walked[k]) {
      k++;
    }
    let node = nodes[k];
    let before = befores[k] ?? 0;
    let colon = colons[k] ?? -1;
    for (; k < path.length; k++) {
      const segment = path[k];
      let found = false;
      if (Array.isArray(node) && typeof segment === 'number') {
        if (segment >= 0 && segment < node.length) {
          if (node !== lastArray) {
            lastArray = node;
            lastPrefix = prefixOf(counts, node);
          }
          before += lastPrefix[segment] ?? 0;
          node = (node as unknown[])[segment];
          colon = -1;
          found = true;
        }
      } else if (isJsonObject(node) && typeof segment === 'string') {
        const at = membersBefore(counts, node, segment);
        if (at !== undefined) {
          colon = before + at;
          before += at + 1;
          node = node[segment];
          found = true;
        }
      }
      if (!found) {
        break;
      }
      nodes[k + 1] = node;
      befores[k + 1] = before;
      colons[k + 1] = colon;
    }
    if (k < path.length) {
      walked = path.slice(0, k);
      continue;
    }
    walked = path;
    anchors.composite[r] = typeof node === 'object' && node !== null ? 1 : 0;
    const last = path[path.length - 1];
    if (typeof last === 'string') {
      anchors.kind[r] = MEMBER;
      anchors.ordinal[r] = colon;
      anchors.name[r] = last;
    } else if (isJsonObject(node)) {
      for (const key in node) {
        anchors.kind[r] = ELEMENT;
        anchors.ordinal[r] = before;
        anchors.name[r] = key;
        break;
      }
    }
  }
  return anchors;
}

const BOM = 0xfeff;

/** What a hop over the member colons found: how many, and the offsets of the wanted ones (-1 past the last). */
interface Hop {
  count: number;
  offsets: Int32Array;
}

/**
 * Hop over every `:` and tell a member's from one inside a string by what precedes it: a member's follows the
 * closing quote of its name, with or without white space between. A quote that could as well open a string
 * (after `{`, `[`, `,`, `:`, white space or at the start) or white space before the colon leave it open:
 * undefined, and the exact hop decides.
 */
function hopFast(text: string, wanted: ArrayLike<number>): Hop | undefined {
  const offsets = new Int32Array(wanted.length).fill(-1);
  let next = 0;
  let count = 0;
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) {
    const c = text.charCodeAt(at - 1);
    if (c !== QUOTE) {
      if (isJsonSpace(c)) {
        return undefined;
      }
      continue;
    }
    const d = text.charCodeAt(at - 2);
    if (d === BACKSLASH && escapedQuote(text, at - 1)) {
      continue;
    }
    if (
      at < 2 ||
      d === OPEN_BRACE ||
      d === OPEN_BRACKET ||
      d === COMMA ||
      d === COLON ||
      d === BOM ||
      isJsonSpace(d)
    ) {
      return undefined;
    }
    while (next < wanted.length && wanted[next] === count) {
      offsets[next++] = at;
    }
    count++;
  }
  return { count, offsets };
}

/** Hop over strings and colons alike: a `:` is a member's when it lies between strings. */
function hopExact(text: string, wanted: ArrayLike<number>): Hop {
  const offsets = new Int32Array(wanted.length).fill(-1);
  let next = 0;
  let count = 0;
  let quote = text.indexOf('"');
  let colon = text.indexOf(':');
  while (colon >= 0) {
    if (quote >= 0 && quote < colon) {
      const end = stringEnd(text, quote);
      if (end < 0) {
        break;
      }
      if (colon < end) {
        colon = text.indexOf(':', end);
      }
      quote = text.indexOf('"', end);
      continue;
    }
    while (next < wanted.length && wanted[next] === count) {
      offsets[next++] = colon;
    }
    count++;
    colon = text.indexOf(':', colon + 1);
  }
  return { count, offsets };
}

/**
 * The colons of the members of a JSON text (valid JSON, as `JSON.parse` accepted it): how many there are, and the
 * offsets of the wanted ordinals (ascending).
 */
export function memberColons(text: string, wanted: ArrayLike<number>): Hop {
  return hopFast(text, wanted) ?? hopExact(text, wanted);
}

/** The member name that ends before the `:` at `colon`: [start, end) with its quotes, if it reads as `name`. */
function nameBefore(text: string, colon: number, name: string): [number, number] | undefined {
  let close = colon - 1;
  while (close >= 0 && isJsonSpace(text.charCodeAt(close))) {
    close--;
  }
  if (close < 1 || text.charCodeAt(close) !== QUOTE) {
    return undefined;
  }
  // The opening quote is the nearest one before that no backslash escapes.
  let open = close - 1;
  for (;;) {
    open = text.lastIndexOf('"', open);
    if (open < 0) {
      return undefined;
    }
    if (!escapedQuote(text, open)) {
      break;
    }
    if (--open < 0) {
      return undefined;
    }
  }
  let plain = true;
  for (let i = open + 1; i < close && plain; i++) {
    plain = text.charCodeAt(i) !== BACKSLASH;
  }
  const same = plain
    ? close - open - 1 === name.length && text.startsWith(name, open + 1)
    : decodeKey(text.slice(open, close + 1)) === name;
  return same ? [open, close + 1] : undefined;
}

/** The position of `to`, given the position of `from` (≤ `to`): counts line breaks in between. */
function advance(text: string, at: Position, from: number, to: number): Position {
  let line = at.line;
  let lineStart = from - at.character;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      line++;
      lineStart = i + 1;
    } else if (c === CR) {
      if (text.charCodeAt(i + 1) === LF) {
        i++;
      }
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: to - lineStart };
}

/**
 * Indexes 0 … n−1 ordered by `keys` (integers from -1 to 2^31 − 2), ties in index order: one native sort of
 * numbers where they fit in a double with the index, a comparison sort otherwise.
 */
export function orderBy(keys: ArrayLike<number>): number[] {
  const n = keys.length;
  const scale = 2 ** 21;
  if (n < scale) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      packed[i] = ((keys[i] ?? 0) + 1) * scale + i;
    }
    packed.sort();
    return Array.from(packed, (v) => v % scale);
  }
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
}

/**
 * Fill the ranges of `requests` (in place) for paths into `root`, the value `JSON.parse` made of `text`; `ordered`
 * says that no member name of `root` looks like an array index. Returns how many members the text has (counted by
 * their colons) and the requests it could not place (the caller scans for those).
 */
export function locateByColons(
  text: string,
  root: unknown,
  counts: MemberCounts,
  requests: readonly LocateRequest[],
  ordered: boolean,
): { members: number; left: LocateRequest[] } {
  if (!ordered) {
    return { members: memberColons(text, []).count, left: [...requests] };
  }
  const n = requests.length;
  const anchors = anchorAll(counts, root, requests);
  // The distinct ordinals wanted, ascending.
  let wantedCount = 0;
  for (let r = 0; r < n; r++) {
    if (anchors.kind[r] === MEMBER || anchors.kind[r] === ELEMENT) {
      wantedCount++;
    }
  }
  const sorted = new Int32Array(wantedCount);
  for (let r = 0, i = 0; r < n; r++) {
    if (anchors.kind[r] === MEMBER || anchors.kind[r] === ELEMENT) {
      sorted[i++] = anchors.ordinal[r] ?? 0;
    }
  }
  sorted.sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      sorted[distinct++] = sorted[i] ?? 0;
    }
  }
  const wanted = sorted.subarray(0, distinct);
  const hop = memberColons(text, wanted);
  const offsetOf = (ordinal: number): number => {
    // Binary search: `wanted` is sorted and holds every ordinal asked for.
    let low = 0;
    let high = wanted.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((wanted[mid] ?? 0) < ordinal) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return hop.offsets[low] ?? -1;
  };
  const left: LocateRequest[] = [];
  const starts = new Int32Array(n).fill(-1);
  const ends = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const request = requests[r]!;
    const kind = anchors.kind[r];
    let start = -1;
    let end = -1;
    if (kind === MEMBER) {
      const colon = offsetOf(anchors.ordinal[r] ?? 0);
      const name = colon < 0 ? undefined : nameBefore(text, colon, anchors.name[r] ?? '');
      if (name !== undefined && request.part === 'key') {
        [start, end] = name;
      } else if (name !== undefined) {
        start = skipSpace(text, colon + 1);
        end = valueEnd(text, start);
      }
    } else if (kind === ROOT || kind === ELEMENT) {
      let at = -1;
      if (kind === ROOT) {
        at = skipSpace(text, 0);
      } else {
        const colon = offsetOf(anchors.ordinal[r] ?? 0);
        const name = colon < 0 ? undefined : nameBefore(text, colon, anchors.name[r] ?? '');
        if (name !== undefined) {
          at = name[0] - 1;
          while (at >= 0 && isJsonSpace(text.charCodeAt(at))) {
            at--;
          }
          if (text.charCodeAt(at) !== OPEN_BRACE) {
            at = -1;
          }
        }
      }
      if (at >= 0) {
        const c = text.charCodeAt(at);
        anchors.composite[r] = c === OPEN_BRACE || c === OPEN_BRACKET ? 1 : 0;
        start = at;
        end = request.part === 'key' && anchors.composite[r] === 1 ? at + 1 : valueEnd(text, at);
      }
    }
    if (start < 0 || end < start) {
      left.push(request);
    } else {
      starts[r] = start;
      ends[r] = end;
    }
  }
  const positionAt = createLineCursor(text);
  for (const r of orderBy(starts)) {
    const start = starts[r] ?? -1;
    const request = requests[r];
    if (start < 0 || request === undefined) {
      continue;
    }
    const end = ends[r] ?? start;
    const from = positionAt(start);
    // Only a composite value can span lines (strings cannot hold a raw line break); a key never does.
    const to =
      anchors.composite[r] === 1 && !(request.part === 'key' && anchors.kind[r] === MEMBER)
        ? advance(text, from, start, end)
        : { line: from.line, character: from.character + end - start };
    request.range.start = from;
    request.range.end = to;
    request.offset = start;
  }
  return { members: hop.count, left };
}
