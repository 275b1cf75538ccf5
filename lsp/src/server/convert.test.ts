import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { lineRange, makeFinding } from '@sts-inspector/shared';
import { fixOfDiagnostic, toDiagnostic, toOmittedDiagnostic } from './convert.js';

const uri = 'file:///x/mta-sts.txt';

describe('findings as diagnostics', () => {
  it('carries code, severity, RFC link, related locations, tags and the fix', () => {
    const fix = {
      title: 'Write *.example.net',
      edits: [{ range: lineRange(4, 16), newText: '*.example.net' }],
    };
    const d = toDiagnostic(
      makeFinding('STS303', {
        range: lineRange(4, 16),
        data: { value: '.example.net', domain: 'example.net' },
        fix,
        related: [{ message: 'first here', range: lineRange(0, 2) }],
      }),
      uri,
      {},
    )!;
    expect(d).toMatchObject({
      code: 'STS303',
      severity: DiagnosticSeverity.Error,
      source: 'sts-inspector',
      codeDescription: { href: 'https://www.rfc-editor.org/rfc/rfc8461#section-3.2' },
      tags: [DiagnosticTag.Deprecated],
      relatedInformation: [{ location: { uri, range: lineRange(0, 2) }, message: 'first here' }],
    });
    expect(fixOfDiagnostic(d)).toEqual(fix);
    expect(toDiagnostic(makeFinding('STS223', { data: { name: 'x' } }), uri, {})?.tags).toEqual([
      DiagnosticTag.Unnecessary,
    ]);
  });

  it('applies severity overrides, and "off" drops the finding', () => {
    const f = makeFinding('STS216', { range: lineRange(0, 1), data: { value: 86401 } });
    expect(toDiagnostic(f, uri, { STS216: 'off' })).toBeUndefined();
    expect(toDiagnostic(f, uri, { STS216: 'error' })?.severity).toBe(DiagnosticSeverity.Error);
    expect(toDiagnostic(f, uri, {})?.range).toEqual(lineRange(0, 1));
  });

  it('says how many findings were left out', () => {
    expect(toOmittedDiagnostic(12345, 1000).message).toContain('12,345 more findings');
  });

  it('ignores data that is not a fix', () => {
    expect(
      fixOfDiagnostic({ range: lineRange(0, 0), message: '', data: { fix: { title: 1 } } }),
    ).toBeUndefined();
  });
});
