/** Document symbols: a policy's fields, and the records of a zone file. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { createLineIndex } from '@sts-inspector/shared';
import type { Analysis } from '../documents.js';

/** Outline entries of a document (bounded: at most `max`). */
export function symbolsOf(text: string, analysis: Analysis, max = 1000): DocumentSymbol[] {
  const index = createLineIndex(text);
  if (analysis.policy) {
    return analysis.policy.fields.slice(0, max).map((f) => {
      const range = index.rangeOf(f.nameStart, f.valueEnd);
      return {
        name: f.name,
        detail: f.value.slice(0, 200),
        kind: f.name === 'mx' ? SymbolKind.Array : SymbolKind.Property,
        range,
        selectionRange: index.rangeOf(f.nameStart, f.nameEnd),
      };
    });
  }
  if (analysis.zone) {
    return analysis.zone.records.slice(0, max).map((r) => ({
      name: r.owner,
      detail: r.value.slice(0, 200),
      kind: SymbolKind.String,
      range: { start: r.ownerRange.start, end: r.range.end },
      selectionRange: r.ownerRange,
    }));
  }
  return [];
}
