/**
 * A code explained for people, for any shell: the editor's hover on a diagnostic, the popup's finding list, the
 * CLI. Everything comes from the catalogue, so the words cannot drift from the rules. Pure. Never throws.
 */
import { catalogue, isFindingCode, type FindingCode } from './catalogue.js';
import { formatRfcRef, rfcUrl } from './rfc.js';
import type { CatalogueEntry, FindingTag, RfcRef, Severity } from './rule.js';

/** What a shell needs to explain one code. Plain JSON. */
export interface CodeExplanation {
  code: FindingCode;
  title: string;
  /** Plain sentences with backticks around literals; see `toPlainText` for terminals. */
  explanation: string;
  severity: Severity;
  /** The primary RFC section with its link and its label (`RFC 8461 §3.1`); null where the rule cites none. */
  rfc: (RfcRef & { url: string; label: string }) | null;
  /** Every source the catalogue cites, as written (`RFC 8461 §3.1, §3.3`). */
  source: string;
  /** Whether findings of this code can carry a certain quick fix. */
  fixable: boolean;
  tags: readonly FindingTag[];
}

/** The explanation of a code, or undefined when the code is not in the catalogue (e.g. a typo on a command line). */
export function explainCode(code: string): CodeExplanation | undefined {
  const known = code.trim().toUpperCase();
  if (!isFindingCode(known)) {
    return undefined;
  }
  const entry: CatalogueEntry = catalogue[known];
  const ref = entry.ref;
  return {
    code: known,
    title: entry.title,
    explanation: entry.explanation,
    severity: entry.severity,
    rfc: ref === null ? null : { ...ref, url: rfcUrl(ref), label: formatRfcRef(ref) },
    source: entry.source,
    fixable: entry.fixable,
    tags: entry.tags ?? [],
  };
}

/**
 * Catalogue text without Markdown, for terminals and plain-text fields: each backticked literal is put in double
 * quotes (single quotes when it holds a double quote).
 */
export function toPlainText(text: string): string {
  return text.replace(/`([^`]*)`/g, (_, literal: string) =>
    literal.includes('"') ? `'${literal}'` : `"${literal}"`,
  );
}

/**
 * A code explained as plain text: a heading line (code, severity, title), the explanation, and the RFC section with
 * its link. Undefined for an unknown code.
 */
export function formatExplanation(code: string): string | undefined {
  const e = explainCode(code);
  if (e === undefined) {
    return undefined;
  }
  const lines = [`${e.code} (${e.severity}): ${toPlainText(e.title)}`, toPlainText(e.explanation)];
  if (e.rfc !== null) {
    lines.push(`See ${e.rfc.label}: ${e.rfc.url}`);
  }
  return lines.join('\n');
}
