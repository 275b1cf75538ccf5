/** Formatting of policies through the core's lossless formatter: one edit replacing the whole text when it changes. */
import type { TextEdit } from 'vscode-languageserver';
import { createLineIndex, formatPolicyText, type PolicyLineEnding } from '@sts-inspector/shared';

/** The edits that format a policy text (none when it is formatted already). */
export function formatPolicyEdits(text: string, lineEnding: PolicyLineEnding): TextEdit[] {
  const formatted = formatPolicyText(text, { lineEnding });
  if (formatted === text) {
    return [];
  }
  const index = createLineIndex(text);
  return [{ range: index.rangeOf(0, text.length), newText: formatted }];
}
