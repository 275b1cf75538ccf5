/** Document symbols: a policy's fields, the records of a zone file, a report's policies and failure groups. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { createLineIndex, type ReportOutlineEntry } from '@sts-inspector/shared';
import type { Analysis } from '../documents.js';

/** A report's outline (from the report linter) as symbols: policies, and their failure details by result type. */
export function reportSymbols(outline: ReportOutlineEntry[]): DocumentSymbol[] {
  const toSymbol = (e: ReportOutlineEntry, kind: SymbolKind): DocumentSymbol => ({
    name: e.name.slice(0, 200) || ' ',
    detail: e.detail,
    kind,
    range: e.range,
    selectionRange: e.range,
    children: e.children.map((c) => toSymbol(c, SymbolKind.Event)),
  });
  return outline.map((e) => toSymbol(e, SymbolKind.Object));
}

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
