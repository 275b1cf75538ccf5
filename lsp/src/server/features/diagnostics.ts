/**
 * Diagnostics: pushed after a change (at once for small documents, after a short wait for large ones, so a
 * report is not linted on every keystroke), or pulled by clients that support LSP 3.17 pull diagnostics. A
 * result for a version that is no longer current is dropped.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { Finding } from '@sts-inspector/shared';
import { toDiagnostic, toOmittedDiagnostic } from '../convert.js';
import type { Analysis } from '../documents.js';
import type { ServerSettings } from '../settings.js';

/** Documents above this size wait `debounceMs` after a change before they are linted again. */
export const largeDocumentChars = 64 * 1024;

/** The diagnostics of an analysis, with extra (live-check) findings, severity overrides and the cap applied. */
export function diagnosticsOf(analysis: Analysis, extra: Finding[], settings: ServerSettings): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let seen = 0;
  for (const finding of [...analysis.findings, ...extra]) {
    if (diagnostics.length >= settings.maxFindings) {
      break;
    }
    seen++;
    const d = toDiagnostic(finding, analysis.uri, settings.severity);
    if (d) {
      diagnostics.push(d);
    }
  }
  const omitted = analysis.total + extra.length - seen;
  if (omitted > 0) {
    diagnostics.push(toOmittedDiagnostic(omitted, settings.maxFindings));
  }
  return diagnostics;
}

/** Per-uri timers for pushing diagnostics. */
export class PushScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly run: (uri: string) => void) {}

  /** Schedule a push: now for small documents, after `delayMs` for large ones (a newer change restarts the wait). */
  schedule(uri: string, size: number, delayMs: number): void {
    this.cancel(uri);
    if (size <= largeDocumentChars || delayMs === 0) {
      this.run(uri);
      return;
    }
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri);
      }, delayMs),
    );
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) {
      clearTimeout(t);
      this.timers.delete(uri);
    }
  }

  dispose(): void {
    for (const uri of [...this.timers.keys()]) {
      this.cancel(uri);
    }
  }
}
