/**
 * Code actions: the quick fix a finding carries, "fix all" (`source.fixAll`: every fix whose edits do not overlap
 * an earlier one) and a fresh policy id on an `_mta-sts` record (on its own or in a zone file).
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver';
import { newIdFix, zoneNewIdFixes, type Finding, type Fix } from '@sts-inspector/shared';
import { fixOfDiagnostic, toQuickFix, toTextEdits } from '../convert.js';
import type { Analysis } from '../documents.js';

const overlaps = (a: Range, b: Range): boolean =>
  !(
    a.end.line < b.start.line ||
    (a.end.line === b.start.line && a.end.character <= b.start.character) ||
    b.end.line < a.start.line ||
    (b.end.line === a.start.line && b.end.character <= a.start.character)
  );

/** Fixes of all findings that can be applied together (in document order, skipping overlapping ones). */
export function fixAllEdits(findings: Finding[]): Fix['edits'] {
  const chosen: Fix['edits'] = [];
  for (const f of findings) {
    const edits = f.fix?.edits ?? [];
    if (
      edits.length > 0 &&
      edits.every((e) => chosen.every((c) => !overlaps(c.range, e.range) && !sameInsert(c.range, e.range)))
    ) {
      chosen.push(...edits);
    }
  }
  return chosen;
}

const sameInsert = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character;

/** The code actions for a range of a document. */
export function codeActionsFor(
  text: string,
  analysis: Analysis,
  range: Range,
  diagnostics: Diagnostic[],
  only: string[] | undefined,
  nowMs: number,
  zoneOrigin: string,
): CodeAction[] {
  const uri = analysis.uri;
  const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of diagnostics) {
      const fix = fixOfDiagnostic(d);
      if (fix) {
        actions.push(toQuickFix(fix, uri, d));
      }
    }
  }
  if (wants(CodeActionKind.RefactorRewrite)) {
    const idFix = newIdAction(text, analysis, range, nowMs, zoneOrigin);
    if (idFix) {
      actions.push({
        ...toQuickFix(idFix, uri, undefined),
        kind: CodeActionKind.RefactorRewrite,
        isPreferred: false,
      });
    }
  }
  if (wants(CodeActionKind.SourceFixAll)) {
    const edits = fixAllEdits(analysis.findings);
    if (edits.length > 0) {
      actions.push({
        title: 'Fix all STS Inspector problems that have a certain fix',
        kind: CodeActionKind.SourceFixAll,
        edit: { changes: { [uri]: toTextEdits({ title: '', edits }) } },
      });
    }
  }
  return actions;
}

function newIdAction(
  text: string,
  analysis: Analysis,
  range: Range,
  nowMs: number,
  origin: string,
): Fix | undefined {
  if (analysis.kind === 'sts-record') {
    const value = text.replace(/\r?\n$/, '');
    if (value.includes('\n')) {
      return undefined;
    }
    return newIdFix(value, nowMs);
  }
  if (analysis.kind === 'dns-zone') {
    return zoneNewIdFixes(text, origin, nowMs).find(
      (x) => overlaps(x.range, range) || sameInsert(x.range, range),
    )?.fix;
  }
  return undefined;
}
