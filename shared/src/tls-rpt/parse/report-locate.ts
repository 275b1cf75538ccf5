/**
 * Positions on demand for the fast report path: given the JSON paths that carry findings, one forward scan of the
 * text finds their ranges, descending only into values on the way to a requested path and skipping everything
 * else (strings by `indexOf`, nesting by counting brackets). Line numbers come from a forward cursor that jumps
 * from line break to line break with `indexOf` (LF, CRLF and a bare CR end a line, as `createLineIndex` counts
 * them), so no line index of the whole text is built. The ranges equal those of the positioned layer's locator
 * (`createTreeLocator`). The text must be valid JSON (the fast path has run `JSON.parse` on it); a leading byte
 * order mark counts as white space.
 * Pure. Never throws; on text that is not valid JSON it stops and leaves the rest unlocated.
 */
import type { Position, Range } from '../../findings/types.js';
import { decodeKey, type JsonPart, type JsonPath } from './report-json.js';

/** One range to find. The `range` object is filled in place, so findings made with it need no second pass. */
export interface LocateRequest {
  path: JsonPath;
  part: JsonPart;
  range: Range;
  /** Set when located: the offset where the range starts (for sorting in document order); -1 or absent before. */
  offset?: number;
}

interface TrieNode {
  children: Map<string | number, TrieNode> | undefined;
  /** The member names among `children`, listed once for `childNamed`. */
  names: string[] | undefined;
  requests: number[] | undefined;
}

const newNode = (): TrieNode => ({ children: undefined, names: undefined, requests: undefined });

function buildTrie(requests: readonly LocateRequest[]): TrieNode {
  const root = newNode();
  // Findings come entry by entry, so consecutive paths share long prefixes: walk down from the last one's nodes.
  let lastPath: readonly (string | number)[] = [];
  const lastNodes: TrieNode[] = [root];
  requests.forEach((request, r) => {
    const path = request.path;
    let depth = 0;
    while (depth < path.length && depth < lastPath.length && path[depth] === lastPath[depth]) {
      depth++;
    }
    let node = lastNodes[depth] ?? root;
    for (let k = depth; k < path.length; k++) {
      const segment = path[k]!;
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (child === undefined) {
        child = newNode();
        node.children.set(segment, child);
        node.names = undefined;
      }
      node = child;
      lastNodes[k + 1] = node;
    }
    lastPath = path;
    (node.requests ??= []).push(r);
  });
  return root;
}

// Character codes of JSON's structure (also used by `report-fast-locate.ts`).
export const SPACE = 32;
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const QUOTE = 34;
export const BACKSLASH = 92;
export const COMMA = 44;
export const COLON = 58;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;

/** Whether a character code is JSON white space. */
export const isJsonSpace = (c: number): boolean => c === SPACE || c === TAB || c === LF || c === CR;

/** Whether the quote at `quote` is escaped (an odd number of backslashes before it). */
export function escapedQuote(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) {
    backslashes++;
  }
  return (backslashes & 1) === 1;
}

/** The offset after the string whose opening quote is at `start`; -1 when it does not end. */
export function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) {
      return -1;
    }
    if (!escapedQuote(text, quote)) {
      return quote + 1;
    }
    from = quote + 1;
  }
}

/** The offset after the object or array that opens at `start`; -1 when it does not close. */
function compositeEnd(text: string, start: number): number {
  const n = text.length;
  let depth = 0;
  let i = start;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i < 0) {
        return -1;
      }
      continue;
    }
    i++;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** The offset after the value that starts at `start`. */
export function valueEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === QUOTE) {
    return stringEnd(text, start);
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    return compositeEnd(text, start);
  }
  let i = start;
  const n = text.length;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (
      d === COMMA ||
      d === CLOSE_BRACE ||
      d === CLOSE_BRACKET ||
      d === SPACE ||
      d === TAB ||
      d === LF ||
      d === CR
    ) {
      break;
    }
    i++;
  }
  return i;
}

/** The offset of the first character at or after `i` that is not JSON white space (or a leading BOM). */
export function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (isJsonSpace(c) || (c === 0xfeff && i === 0)) {
      i++;
    } else {
      return i;
    }
  }
}

/**
 * The child for the member name quoted at [start, end). Few children (the usual case: the one or two members of
 * an entry that carry findings) are compared in place, without cutting the name out of the text.
 */
function childNamed(text: string, start: number, end: number, parent: TrieNode): TrieNode | undefined {
  const children = parent.children;
  if (children === undefined) {
    return undefined;
  }
  const length = end - start - 2;
  if (children.size <= 8) {
    parent.names ??= [...children.keys()].filter((k): k is string => typeof k === 'string');
    for (const name of parent.names) {
      if (name.length === length && text.startsWith(name, start + 1)) {
        return children.get(name);
      }
    }
    for (let i = start + 1; i < end - 1; i++) {
      if (text.charCodeAt(i) === BACKSLASH) {
        return children.get(decodeKey(text.slice(start, end)));
      }
    }
    return undefined;
  }
  const raw = text.slice(start + 1, end - 1);
  return children.get(raw.includes('\\') ? decodeKey(text.slice(start, end)) : raw);
}

/** Offsets to positions, for offsets that only grow: jumps from line break to line break. */
export function createLineCursor(text: string): (offset: number) => Position {
  let line = 0;
  let lineStart = 0;
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  return (offset) => {
    for (;;) {
      const lf = nextLf < 0 ? Infinity : nextLf;
      const cr = nextCr < 0 ? Infinity : nextCr;
      const br = Math.min(lf, cr);
      if (br >= offset) {
        return { line, character: offset - lineStart };
      }
      // CRLF is one line break; a bare CR or LF is one too.
      const after = br === cr && text.charCodeAt(br + 1) === LF ? br + 2 : br + 1;
      line++;
      lineStart = after;
      if (nextLf >= 0 && nextLf < after) {
        nextLf = text.indexOf('\n', after);
      }
      if (nextCr >= 0 && nextCr < after) {
        nextCr = text.indexOf('\r', after);
      }
    }
  };
}

/**
 * Fill the ranges of `requests` (in place) by one scan of `text`. Returns the requests whose path is not in the
 * document (the positioned locator gives undefined for them too).
 */
export function locatePaths(text: string, requests: readonly LocateRequest[]): LocateRequest[] {
  if (requests.length === 0) {
    return [];
  }
  const trie = buildTrie(requests);
  const located = new Uint8Array(requests.length);
  let pending = requests.length;
  let broken = false;
  const positionAt = createLineCursor(text);

  const settle = (r: number, offset: number, start: Position, end: Position): void => {
    const request = requests[r];
    if (request === undefined) {
      return;
    }
    request.range.start = start;
    request.range.end = end;
    request.offset = offset;
    if (located[r] === 0) {
      located[r] = 1;
      pending--;
    }
  };

  /** Visit the value at `start` (no white space before it); returns the offset after it. */
  const visit = (
    node: TrieNode | undefined,
    start: number,
    key: { offset: number; start: Position; end: Position } | undefined,
  ): number => {
    if (node === undefined) {
      return valueEnd(text, start);
    }
    const startPosition = positionAt(start);
    const c = text.charCodeAt(start);
    const composite = c === OPEN_BRACE || c === OPEN_BRACKET;
    let end: number;
    if (composite && node.children) {
      end = c === OPEN_BRACE ? visitObject(node, start) : visitArray(node.children, start);
    } else {
      end = valueEnd(text, start);
    }
    if (end < 0) {
      broken = true;
      return text.length;
    }
    if (node.requests === undefined) {
      return end;
    }
    const endPosition = positionAt(end);
    for (const r of node.requests) {
      if (requests[r]?.part === 'key' && key) {
        settle(r, key.offset, key.start, key.end);
      } else if (requests[r]?.part === 'key' && composite) {
        settle(r, start, startPosition, { line: startPosition.line, character: startPosition.character + 1 });
      } else {
        settle(r, start, startPosition, endPosition);
      }
    }
    return end;
  };
  const visitObject = (parent: TrieNode, open: number): number => {
    let i = open + 1;
    for (;;) {
      i = skipSpace(text, i);
      if (text.charCodeAt(i) === CLOSE_BRACE) {
        return i + 1;
      }
      const keyEnd = text.charCodeAt(i) === QUOTE ? stringEnd(text, i) : -1;
      if (keyEnd < 0 || broken) {
        return -1;
      }
      const child = childNamed(text, i, keyEnd, parent);
      const key = child?.requests ? { offset: i, start: positionAt(i), end: positionAt(keyEnd) } : undefined;
      i = skipSpace(text, keyEnd);
      if (text.charCodeAt(i) !== COLON) {
        return -1;
      }
      i = visit(child, skipSpace(text, i + 1), key);
      if (pending === 0 || broken) {
        return i;
      }
      i = skipSpace(text, i);
      const next = text.charCodeAt(i);
      if (next === CLOSE_BRACE) {
        return i + 1;
      }
      if (next !== COMMA) {
        return -1;
      }
      i++;
    }
  };
  const visitArray = (children: Map<string | number, TrieNode>, open: number): number => {
    let i = skipSpace(text, open + 1);
    if (text.charCodeAt(i) === CLOSE_BRACKET) {
      return i + 1;
    }
    for (let index = 0; ; index++) {
      i = visit(children.get(index), i, undefined);
      if (pending === 0 || broken) {
        return i;
      }
      i = skipSpace(text, i);
      const next = text.charCodeAt(i);
      if (next === CLOSE_BRACKET) {
        return i + 1;
      }
      if (next !== COMMA) {
        return -1;
      }
      i = skipSpace(text, i + 1);
    }
  };

  visit(trie, skipSpace(text, 0), undefined);
  return requests.filter((_, r) => located[r] === 0);
}
