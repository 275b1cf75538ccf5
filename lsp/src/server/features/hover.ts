/**
 * Hover: what a policy field, a `mode` or `max_age` value, a report member or a `result-type` means, from the
 * core's knowledge tables; on a diagnostic, what its code means. Markdown built from trusted tables; document text
 * is shown only inside code spans, escaped.
 */
import {
  createLineIndex,
  describeMaxAge,
  formatRfcRef,
  explainCode,
  policyExtensionKey,
  policyKey,
  policyTypes,
  reportKeys,
  resultTypes,
  rfcUrl,
  stsRecordKeys,
  tlsRptRecordKeys,
  type Finding,
  type Position,
  type Range,
} from '@sts-inspector/shared';
import type { Analysis } from '../documents.js';
import { jsonStringAt } from './json-token.js';

/** A code span holding untrusted text: backticks and line breaks removed, length bounded. */
export function code(text: string): string {
  const clean = text.replace(/[`\r\n]/g, ' ').slice(0, 200);
  return `\`${clean === '' ? ' ' : clean}\``;
}

const link = (rfc: number, section: string | null): string =>
  `[${formatRfcRef({ rfc, section })}](${rfcUrl({ rfc, section })})`;

const contains = (r: Range, p: Position): boolean =>
  (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) &&
  (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

/** The catalogue's words on a code: its title, plain-words explanation and RFC section. */
export function explainCodeMarkdown(codeName: string): string {
  const e = explainCode(codeName);
  if (!e) {
    return '';
  }
  const ref = e.rfc ? `\n\n[${e.rfc.label}](${e.rfc.url})` : '';
  return `**${e.code}** (${e.severity}): ${e.title}\n\n${e.explanation}${ref}`;
}

function findingsHover(findings: Finding[], at: Position): string[] {
  const codes = new Set(findings.filter((f) => f.range && contains(f.range, at)).map((f) => f.code));
  return [...codes].map(explainCodeMarkdown).filter((s) => s !== '');
}

function policyHover(text: string, analysis: Analysis, at: Position): string | undefined {
  const policy = analysis.policy;
  if (!policy) {
    return undefined;
  }
  const index = createLineIndex(text);
  const offset = index.offsetAt(at);
  const field = policy.fields.find((f) => offset >= f.nameStart && offset <= f.valueEnd);
  if (!field) {
    return undefined;
  }
  const key = policyKey(field.name);
  if (offset <= field.nameEnd) {
    if (!key) {
      return `${code(field.name)}: ${policyExtensionKey.meaning}\n\n${policyExtensionKey.syntax}\n\n${link(8461, policyExtensionKey.section)}`;
    }
    const values = key.values ? `\n\nValues: ${key.values.map((v) => `\`${v}\``).join(', ')}` : '';
    return `**${key.name}**: ${key.meaning}${values}\n\nSyntax: ${key.syntax}\n\n${link(key.rfc, key.section)}`;
  }
  if (offset < field.valueStart || !key) {
    return undefined;
  }
  if (key.name === 'max_age') {
    const n = /^\d{1,10}$/.test(field.value) ? Number(field.value) : undefined;
    return n === undefined
      ? `**max_age**: ${key.syntax}`
      : `**max_age** ${code(field.value)}: ${describeMaxAge(n)}\n\n${key.meaning}\n\n${link(key.rfc, key.section)}`;
  }
  const known = key.suggestions.find((s) => s.value === field.value);
  if (known) {
    return `**${key.name}: ${known.value}**: ${known.meaning}\n\n${link(key.rfc, key.section)}`;
  }
  return `**${key.name}**: ${key.syntax}\n\n${link(key.rfc, key.section)}`;
}

function reportHover(text: string, at: Position): string | undefined {
  const index = createLineIndex(text);
  const token = jsonStringAt(text, index.offsetAt(at));
  if (!token) {
    return undefined;
  }
  if (token.isKey) {
    const keys = reportKeys.filter((k) => k.name === token.value);
    if (keys.length === 0) {
      return undefined;
    }
    return keys
      .map((k) => `**${k.name}** (in ${k.in}, ${k.requirement}): ${k.meaning}\n\n${link(8460, k.section)}`)
      .join('\n\n---\n\n');
  }
  const result = resultTypes.find((r) => r.value === token.value);
  if (result && (token.key === undefined || token.key === 'result-type')) {
    return `**result-type ${code(result.value)}**: ${result.meaning}\n\n${link(8460, result.section)}`;
  }
  const policyType = policyTypes.find((p) => p.value === token.value);
  if (policyType && (token.key === undefined || token.key === 'policy-type')) {
    return `**policy-type ${code(policyType.value)}**: ${policyType.meaning}\n\n${link(8460, '4.4')}`;
  }
  return undefined;
}

/** Hover on a field name of an `_mta-sts` or `_smtp._tls` record value (on its own: one line). */
function recordHover(text: string, kind: 'sts-record' | 'tlsrpt-record', at: Position): string | undefined {
  const line = text.split(/\r?\n/)[at.line] ?? '';
  const start = line.lastIndexOf(';', Math.max(0, at.character - 1)) + 1;
  const name = line.slice(start).split('=')[0]?.trim() ?? '';
  const keys = kind === 'sts-record' ? stsRecordKeys : tlsRptRecordKeys;
  const key = keys.find((k) => k.name === name);
  if (!key) {
    return undefined;
  }
  return `**${key.name}**: ${key.meaning}\n\nSyntax: ${key.syntax}\n\n${link(key.rfc, key.section)}`;
}

/** The hover text at a position, or undefined when there is nothing to say. */
export function hoverAt(text: string, analysis: Analysis, at: Position): string | undefined {
  const parts: string[] = [];
  const topic =
    analysis.kind === 'policy'
      ? policyHover(text, analysis, at)
      : analysis.kind === 'report'
        ? reportHover(text, at)
        : analysis.kind === 'sts-record' || analysis.kind === 'tlsrpt-record'
          ? recordHover(text, analysis.kind, at)
          : undefined;
  if (topic) {
    parts.push(topic);
  }
  parts.push(...findingsHover(analysis.findings, at));
  return parts.length > 0 ? parts.join('\n\n---\n\n') : undefined;
}
