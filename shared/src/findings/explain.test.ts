import { describe, expect, it } from 'vitest';
import { catalogue, findingCodes } from './catalogue.js';
import { explainCode, formatExplanation, toPlainText } from './explain.js';

describe('explainCode', () => {
  it('explains a code with its title, words, severity, RFC section and fixability', () => {
    expect(explainCode('STS007')).toEqual({
      code: 'STS007',
      title: catalogue.STS007.title,
      explanation: catalogue.STS007.explanation,
      severity: 'error',
      rfc: {
        rfc: 8461,
        section: '3.1',
        url: 'https://www.rfc-editor.org/rfc/rfc8461#section-3.1',
        label: 'RFC 8461 §3.1',
      },
      source: 'RFC 8461 §3.1',
      fixable: false,
      tags: [],
    });
  });

  it('carries the editor tags and the quick-fix flag (RFC 8461 §3.2: the obsolete `.domain` form)', () => {
    const e = explainCode('STS303');
    expect(e?.tags).toEqual(['deprecated']);
    expect(e?.fixable).toBe(true);
  });

  it('accepts a code as typed on a command line, and refuses unknown ones', () => {
    expect(explainCode(' sts007 ')?.code).toBe('STS007');
    expect(explainCode('STS999')).toBeUndefined();
    expect(explainCode('')).toBeUndefined();
    expect(explainCode('toString')).toBeUndefined();
  });

  it('gives no RFC link where the rule cites none', () => {
    expect(explainCode('DNS009')?.rfc).toBeNull();
  });

  it('explains every catalogue code', () => {
    for (const code of findingCodes) {
      expect(explainCode(code)?.title, code).toBe(catalogue[code].title);
    }
  });
});

describe('plain-text rendering', () => {
  it('quotes literals instead of backticks', () => {
    expect(toPlainText('Write `v=STSv1;` first')).toBe('Write "v=STSv1;" first');
    expect(toPlainText('`report-type="tlsrpt"` part')).toBe('\'report-type="tlsrpt"\' part');
    expect(toPlainText('no literal')).toBe('no literal');
  });

  it('prints heading, explanation and RFC link, without Markdown', () => {
    const text = formatExplanation('STS303') ?? '';
    const lines = text.split('\n');
    expect(lines[0]).toBe('STS303 (error): Obsolete ".domain" pattern');
    expect(lines[1]).toBe(toPlainText(catalogue.STS303.explanation));
    expect(lines[2]).toBe('See RFC 8461 §3.2: https://www.rfc-editor.org/rfc/rfc8461#section-3.2');
    expect(text).not.toContain('`');
  });

  it('prints no RFC line where the rule cites none, and nothing for unknown codes', () => {
    expect(formatExplanation('DNS009')?.split('\n')).toHaveLength(2);
    expect(formatExplanation('XYZ001')).toBeUndefined();
  });
});
