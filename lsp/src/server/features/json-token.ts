/**
 * The JSON string under the cursor, found by scanning its line: enough for hover and completion in reports without
 * parsing the document again. Generic JSON lexing, no TLS-RPT knowledge. Never throws.
 */

/** A string token of a line: its content (escapes left as written), offsets in the text, and whether it is a key. */
export interface JsonStringToken {
  value: string;
  start: number;
  end: number;
  isKey: boolean;
  /** For a value: the key of the member it belongs to, when on the same line. */
  key: string | undefined;
}

/** Lines longer than this (minified reports) are scanned only around the cursor. */
const window = 64 * 1024;

/** The string token containing `offset` (quotes included), or the one just before it on the line. */
export function jsonStringAt(text: string, offset: number): JsonStringToken | undefined {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) {
    lineEnd = text.length;
  }
  lineStart = Math.max(lineStart, offset - window);
  lineEnd = Math.min(lineEnd, offset + window);
  let previousKey: string | undefined;
  let i = lineStart;
  while (i < lineEnd) {
    if (text[i] !== '"') {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < lineEnd && text[j] !== '"') {
      j += text[j] === '\\' ? 2 : 1;
    }
    const end = Math.min(j + 1, lineEnd);
    const after = /^\s*:/.test(text.slice(end, end + 16));
    const token = {
      value: text.slice(i + 1, Math.min(j, lineEnd)),
      start: i,
      end,
      isKey: after,
      key: after ? undefined : previousKey,
    };
    if (offset >= i && offset <= end) {
      return token;
    }
    previousKey = after ? token.value : undefined;
    i = end;
  }
  return undefined;
}
