/**
 * Offsets to LSP positions. Lines end at LF, CRLF or a bare CR (as LSP counts them); characters are UTF-16 code
 * units, which is what JavaScript string offsets already are. Pure. Never throws: offsets are clamped.
 */
import type { Position, Range } from '../findings/types.js';

/** Converts offsets of one text to positions and back. */
export interface LineIndex {
  readonly text: string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  rangeOf(start: number, end: number): Range;
}

/** Build the index once per text. */
export function createLineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* CR */) {
      if (text.charCodeAt(i + 1) === 10) {
        i++;
      }
      starts.push(i + 1);
    } else if (c === 10 /* LF */) {
      starts.push(i + 1);
    }
  }
  const clamp = (offset: number): number => Math.max(0, Math.min(text.length, Math.floor(offset)));
  const positionAt = (offset: number): Position => {
    const o = clamp(offset);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= o) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return { line: lo, character: o - (starts[lo] ?? 0) };
  };
  return {
    text,
    positionAt,
    offsetAt(position) {
      if (position.line < 0) {
        return 0;
      }
      if (position.line >= starts.length) {
        return text.length;
      }
      const start = starts[position.line] ?? 0;
      const next = starts[position.line + 1] ?? text.length;
      return clamp(Math.min(start + Math.max(0, position.character), next));
    },
    rangeOf(start, end) {
      return { start: positionAt(start), end: positionAt(Math.max(start, end)) };
    },
  };
}

/** A range on a single-line text (a DNS TXT value): line 0, characters as offsets. */
export function lineRange(start: number, end: number): Range {
  return { start: { line: 0, character: start }, end: { line: 0, character: Math.max(start, end) } };
}
