/**
 * Completion from the core's tables: policy keys not yet present, their values (`mode` values and `max_age`
 * presets with their meaning, `mx` hosts from the live MX set when known), record skeletons with a fresh id, report
 * member names and `result-type` values.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type MarkupContent,
} from 'vscode-languageserver';
import {
  createLineIndex,
  describeMaxAge,
  policyKey,
  policyKeys,
  policyTypes,
  recordSkeletons,
  reportKeys,
  resultTypes,
  type Position,
} from '@sts-inspector/shared';
import type { Analysis } from '../documents.js';
import { jsonStringAt } from './json-token.js';

const md = (value: string): MarkupContent => ({ kind: 'markdown', value });

function policyCompletion(
  text: string,
  analysis: Analysis,
  at: Position,
  mxHosts: string[],
): CompletionItem[] {
  const index = createLineIndex(text);
  const lineStart = index.offsetAt({ line: at.line, character: 0 });
  const before = text.slice(lineStart, index.offsetAt(at));
  const colon = before.indexOf(':');
  if (colon < 0) {
    const present = new Set(analysis.policy?.fields.map((f) => f.name) ?? []);
    return policyKeys
      .filter((k) => k.repeatable || !present.has(k.name))
      .map((k, i) => ({
        label: k.name,
        kind: CompletionItemKind.Property,
        detail: k.syntax.replace(/`/g, ''),
        documentation: md(k.meaning),
        insertText: `${k.name}: `,
        sortText: String(i),
      }));
  }
  const key = policyKey(before.slice(0, colon).trim());
  if (!key) {
    return [];
  }
  if (key.name === 'mx') {
    return mxHosts.map((host) => ({
      label: host,
      kind: CompletionItemKind.Value,
      detail: 'MX host of the domain now',
    }));
  }
  return key.suggestions.map((s, i): CompletionItem => ({
    label: s.value,
    kind: CompletionItemKind.EnumMember,
    ...(key.name === 'max_age' ? { detail: describeMaxAge(Number(s.value)) } : {}),
    documentation: md(s.meaning),
    sortText: String(i),
  }));
}

function recordCompletion(
  kind: 'sts-record' | 'tlsrpt-record' | 'dns-zone',
  nowMs: number,
): CompletionItem[] {
  return recordSkeletons(nowMs)
    .filter((s) => kind === 'dns-zone' || s.kind === kind)
    .map((s) => ({
      label: s.text,
      kind: CompletionItemKind.Snippet,
      detail: s.kind === 'sts-record' ? '_mta-sts record with a fresh id' : '_smtp._tls record',
      insertText: kind === 'dns-zone' ? `"${s.text}"` : s.text,
      insertTextFormat: InsertTextFormat.PlainText,
    }));
}

function reportCompletion(text: string, at: Position): CompletionItem[] {
  const index = createLineIndex(text);
  const token = jsonStringAt(text, index.offsetAt(at));
  if (!token) {
    return [];
  }
  if (token.isKey || token.key === undefined) {
    const names = [...new Set(reportKeys.map((k) => k.name))];
    return names.map((name) => ({
      label: name,
      kind: CompletionItemKind.Property,
      documentation: md(reportKeys.find((k) => k.name === name)?.meaning ?? ''),
    }));
  }
  if (token.key === 'result-type') {
    return resultTypes.map((r) => ({
      label: r.value,
      kind: CompletionItemKind.EnumMember,
      documentation: md(r.meaning),
    }));
  }
  if (token.key === 'policy-type') {
    return policyTypes.map((p) => ({
      label: p.value,
      kind: CompletionItemKind.EnumMember,
      documentation: md(p.meaning),
    }));
  }
  return [];
}

/** Completion items at a position. */
export function completionAt(
  text: string,
  analysis: Analysis,
  at: Position,
  context: { nowMs: number; mxHosts: string[] },
): CompletionItem[] {
  switch (analysis.kind) {
    case 'policy':
      return policyCompletion(text, analysis, at, context.mxHosts);
    case 'sts-record':
    case 'tlsrpt-record':
      return text.trim() === '' || at.character <= 1 ? recordCompletion(analysis.kind, context.nowMs) : [];
    case 'dns-zone':
      return /\bTXT\s*$/i.test(text.split(/\r?\n/)[at.line]?.slice(0, at.character) ?? '')
        ? recordCompletion('dns-zone', context.nowMs)
        : [];
    case 'report':
      return reportCompletion(text, at);
    case 'report-email':
      return [];
  }
}
