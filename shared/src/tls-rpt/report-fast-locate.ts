/**
 * Positions for the fast report path without walking the structure of the text. Every member of a JSON object
 * has exactly one `:` outside strings, and `JSON.parse` keeps members in document order (except names that look
 * like array indexes, which V8 enumerates first: paths through such objects are left to the scan). So the member
 * at a path owns the n-th member colon of the text, where n is the number of members before it in document order,
 * numbers the fast path counts while it reads. One native `indexOf` hop over the `:` of the text finds the
 * offsets of those wanted and counts them all (which tells whether `JSON.parse` dropped a duplicate member); a
 * range is then read from the few characters around one offset. Each located member name is compared with the
 * text; on any doubt a request is left to the structural scan of `report-locate.ts`.
 * Pure. Never throws.
 */
import type { Position } from '../findings/types.js';
import { decodeKey, type JsonPath } from './report-json.js';
import { createLineCursor, skipSpace, stringEnd, valueEnd, type LocateRequest } from './report-locate.js';
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
}

export const createMemberCounts = (): MemberCounts => ({ prefixes: new Map(), totals: new Map() });

/** Whether a member name is one V8 may enumerate out of document order (an array index, or anything like it). */
const indexLike = (name: string): boolean => {
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

/** Whether every member name of an object keeps its document order in `for … in`. */
function inOrder(object: JsonObject): boolean {
  for (const key in object) {
    if (indexLike(key)) {
      return false;
    }
  }
  return true;
}

/**
 * Where the value at a path is anchored: the ordinal of its member's colon and its name, or for an array element
 * (or the root) the ordinal of the colon of its first member, when it is an object with members.
 */
type Anchor =
  | { kind: 'member'; colon: number; name: string; value: unknown }
  | { kind: 'element'; firstColon: number; firstName: string }
  | { kind: 'root' };

/**
 * Anchors of paths into `root`. Findings come detail by detail, so consecutive paths share long prefixes: each
 * path resumes from where the walk down the previous one agreed with it.
 */
function createAnchors(counts: MemberCounts, root: unknown): (path: JsonPath) => Anchor | undefined {
  /** The path walked last, and after each of its first k segments: the value reached, members before it, anchor. */
  let walked: JsonPath = [];
  const nodes: unknown[] = [root];
  const befores: number[] = [0];
  const anchors: (Anchor | undefined)[] = [undefined];
  return (path) => {
    if (path.length === 0) {
      return { kind: 'root' };
    }
    let k = 0;
    while (k < path.length && k < walked.length && path[k] === walked[k]) {
      k++;
    }
    let node = nodes[k];
    let before = befores[k] ?? 0;
    let anchor = anchors[k];
    for (; k < path.length; k++) {
      const segment = path[k];
      let found = false;
      if (Array.isArray(node) && typeof segment === 'number') {
        if (segment >= 0 && segment < node.length) {
          before += prefixOf(counts, node)[segment] ?? 0;
          node = (node as unknown[])[segment];
          anchor = undefined;
          found = true;
        }
      } else if (isJsonObject(node) && typeof segment === 'string' && inOrder(node)) {
        for (const key in node) {
          if (key === segment) {
            anchor = { kind: 'member', colon: before, name: key, value: node[key] };
            before += 1;
            node = node[key];
            found = true;
            break;
          }
          before += 1 + memberTotal(counts, node[key]);
        }
      }
      if (!found) {
        walked = path.slice(0, k);
        return undefined;
      }
      nodes[k + 1] = node;
      befores[k + 1] = before;
      anchors[k + 1] = anchor;
    }
    walked = path;
    if (anchor !== undefined) {
      return anchor;
    }
    // An array element: anchored by its first member, when it is an object that has one.
    if (!isJsonObject(node) || !inOrder(node)) {
      return undefined;
    }
    for (const key in node) {
      return { kind: 'element', firstColon: before, firstName: key };
    }
    return undefined;
  };
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const COMMA = 44;
const COLON = 58;
const BOM = 0xfeff;

const isSpace = (c: number): boolean => c === SPACE || c === TAB || c === LF || c === CR;

/** Whether the quote at `quote` is escaped (an odd number of backslashes before it). */
function escaped(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) {
    backslashes++;
  }
  return (backslashes & 1) === 1;
}

/** What a hop over the member colons found: how many, and the offsets of the wanted ones (-1 past the last). */
interface Hop {
  count: number;
  offsets: Int32Array;
}

/**
 * Hop over every `:` and tell a member's from one inside a string by what precedes it: a member's follows the
 * closing quote of its name, with or without white space between. A quote that could as well open a string (after
 * `{`, `[`, `,`, `:`, white space or at the start) or white space before the colon leave it open: undefined, and the exact hop
 * decides.
 */
function hopFast(text: string, wanted: readonly number[]): Hop | undefined {
  const offsets = new Int32Array(wanted.length).fill(-1);
  let next = 0;
  let count = 0;
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) {
    const c = text.charCodeAt(at - 1);
    if (c !== QUOTE) {
      if (isSpace(c)) {
        return undefined;
      }
      continue;
    }
    const d = text.charCodeAt(at - 2);
    if (d === BACKSLASH && escaped(text, at - 1)) {
      continue;
    }
    if (
      at < 2 ||
      d === OPEN_BRACE ||
      d === OPEN_BRACKET ||
      d === COMMA ||
      d === COLON ||
      d === BOM ||
      isSpace(d)
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
function hopExact(text: string, wanted: readonly number[]): Hop {
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
export function memberColons(text: string, wanted: readonly number[]): Hop {
  return hopFast(text, wanted) ?? hopExact(text, wanted);
}

/** The member name that ends before the `:` at `colon`: [start, end) with its quotes, if it reads as `name`. */
function nameBefore(text: string, colon: number, name: string): [number, number] | undefined {
  let close = colon - 1;
  while (close >= 0 && isSpace(text.charCodeAt(close))) {
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
    if (!escaped(text, open)) {
      break;
    }
    if (--open < 0) {
      return undefined;
    }
  }
  const raw = text.slice(open + 1, close);
  const written = raw.includes('\\') ? decodeKey(text.slice(open, close + 1)) : raw;
  return written === name ? [open, close + 1] : undefined;
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
 * Indexes 0 … n−1 ordered by `keys` (non-negative integers below 2^31), ties in index order: one native sort of
 * numbers where they fit in a double with the index, a comparison sort otherwise.
 */
export function orderBy(keys: ArrayLike<number>): number[] {
  const n = keys.length;
  const scale = 2 ** 21;
  if (n < scale) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      packed[i] = (keys[i] ?? 0) * scale + i;
    }
    packed.sort();
    return Array.from(packed, (v) => v % scale);
  }
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
}

/**
 * Fill the ranges of `requests` (in place) for paths into `root`, the value `JSON.parse` made of `text`. Returns
 * how many members the text has (counted by their colons) and the requests it could not place (the caller scans
 * for those).
 */
export function locateByColons(
  text: string,
  root: unknown,
  counts: MemberCounts,
  requests: readonly LocateRequest[],
): { members: number; left: LocateRequest[] } {
  const anchorOf = createAnchors(counts, root);
  const anchors = requests.map((request) => anchorOf(request.path));
  const ordinals: number[] = [];
  for (const anchor of anchors) {
    if (anchor?.kind === 'member') {
      ordinals.push(anchor.colon);
    } else if (anchor?.kind === 'element') {
      ordinals.push(anchor.firstColon);
    }
  }
  const wanted = [...new Set(ordinals)].sort((a, b) => a - b);
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
  const placed: { request: LocateRequest; start: number; end: number; composite: boolean }[] = [];
  requests.forEach((request, r) => {
    const anchor = anchors[r];
    let start = -1;
    let end = -1;
    let composite = false;
    if (anchor?.kind === 'member') {
      const colon = offsetOf(anchor.colon);
      const name = colon < 0 ? undefined : nameBefore(text, colon, anchor.name);
      if (name !== undefined && request.part === 'key') {
        [start, end] = name;
      } else if (name !== undefined) {
        start = skipSpace(text, colon + 1);
        end = valueEnd(text, start);
        composite = typeof anchor.value === 'object' && anchor.value !== null;
      }
    } else if (anchor !== undefined) {
      let at = -1;
      if (anchor.kind === 'root') {
        at = skipSpace(text, 0);
      } else {
        const colon = offsetOf(anchor.firstColon);
        const name = colon < 0 ? undefined : nameBefore(text, colon, anchor.firstName);
        if (name !== undefined) {
          at = name[0] - 1;
          while (at >= 0 && isSpace(text.charCodeAt(at))) {
            at--;
          }
        }
      }
      const c = at >= 0 ? text.charCodeAt(at) : -1;
      composite = c === OPEN_BRACE || c === OPEN_BRACKET;
      if (anchor.kind === 'element' && c !== OPEN_BRACE) {
        at = -1;
      }
      if (at >= 0) {
        start = at;
        end = request.part === 'key' && composite ? at + 1 : valueEnd(text, at);
      }
    }
    if (start < 0 || end < start) {
      left.push(request);
    } else {
      placed.push({ request, start, end, composite });
    }
  });
  const positionAt = createLineCursor(text);
  for (const k of orderBy(placed.map((p) => p.start))) {
    const { request, start, end, composite } = placed[k]!;
    const from = positionAt(start);
    // Only a composite value can span lines (strings cannot hold a raw line break).
    const to = composite
      ? advance(text, from, start, end)
      : { line: from.line, character: from.character + end - start };
    request.range.start = from;
    request.range.end = to;
    request.offset = start;
  }
  return { members: hop.count, left };
}
