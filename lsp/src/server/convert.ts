/**
 * The only place where LSP types meet core types: findings become diagnostics (code, severity, range, RFC link,
 * related locations, tags, and the fix kept in `data`), fixes become code actions. Shallow maps, no judgement.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import { explainCode, type Finding, type Fix, type Severity } from '@sts-inspector/shared';
import type { SeverityOverride } from './settings.js';

/** Every diagnostic's `source`. */
export const diagnosticSource = 'sts-inspector';

const severityMap: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries for code actions. */
export interface DiagnosticData {
  fix?: Fix;
}

const atStart: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * A finding as a diagnostic; undefined when its code is turned off. Findings without a place sit at the start of
 * the document.
 */
export function toDiagnostic(
  finding: Finding,
  uri: string,
  overrides: Record<string, SeverityOverride>,
): Diagnostic | undefined {
  const level = overrides[finding.code] ?? finding.severity;
  if (level === 'off') {
    return undefined;
  }
  const diagnostic: Diagnostic = {
    range: finding.range ?? atStart,
    severity: severityMap[level],
    code: finding.code,
    source: diagnosticSource,
    message: finding.message,
  };
  if (finding.rfc) {
    diagnostic.codeDescription = { href: finding.rfc.url };
  }
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri, range: r.range },
      message: r.message,
    }));
  }
  const tags = (explainCode(finding.code)?.tags ?? []).map((t) =>
    t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated,
  );
  if (tags.length > 0) {
    diagnostic.tags = tags;
  }
  if (finding.fix) {
    diagnostic.data = { fix: finding.fix } satisfies DiagnosticData;
  }
  return diagnostic;
}

/** The diagnostic that says how many findings were left out. */
export function toOmittedDiagnostic(omitted: number, shown: number): Diagnostic {
  return {
    range: atStart,
    severity: DiagnosticSeverity.Information,
    source: diagnosticSource,
    message: `${omitted.toLocaleString('en-US')} more findings are not shown (the first ${shown.toLocaleString('en-US')} are); raise stsInspector.maxFindings to see them`,
  };
}

/** A fix's edits as LSP text edits. */
export function toTextEdits(fix: Fix): TextEdit[] {
  return fix.edits.map((e) => ({ range: e.range, newText: e.newText }));
}

/** A fix as a quick fix for the diagnostic it belongs to. */
export function toQuickFix(fix: Fix, uri: string, diagnostic: Diagnostic | undefined): CodeAction {
  const action: CodeAction = {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    edit: { changes: { [uri]: toTextEdits(fix) } },
    isPreferred: true,
  };
  if (diagnostic) {
    action.diagnostics = [diagnostic];
  }
  return action;
}

/** The fix kept in a diagnostic's data, if any. */
export function fixOfDiagnostic(diagnostic: Diagnostic): Fix | undefined {
  const data = diagnostic.data as DiagnosticData | undefined;
  const fix = data?.fix;
  return fix && Array.isArray(fix.edits) && typeof fix.title === 'string' ? fix : undefined;
}
