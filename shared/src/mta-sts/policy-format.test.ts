import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPolicyText } from './policy-format.js';

const strip = (s: string): string => s.replace(/\s/g, '');

describe('RFC 8461 §3.2 formatting a policy keeps every field', () => {
  it('fixes BOM, blank lines, spaces around the colon and line endings; keeps unreadable lines', () => {
    const text = '\uFEFFversion :STSv1\n\n  mode:   enforce  \nthis is no field\nmx:mail.example.com\r\n';
    expect(formatPolicyText(text)).toBe(
      'version: STSv1\r\nmode: enforce\r\nthis is no field\r\nmx: mail.example.com\r\n',
    );
    expect(formatPolicyText(text, { lineEnding: 'keep' })).toBe(
      'version: STSv1\nmode: enforce\nthis is no field\nmx: mail.example.com\n',
    );
    expect(formatPolicyText('a: b\r\nc: d\r\ne: f\n', { lineEnding: 'keep' })).toBe(
      'a: b\r\nc: d\r\ne: f\r\n',
    );
  });

  it('is idempotent and loses or reorders no non-whitespace character', () => {
    const piece = fc.constantFrom(
      'version',
      'mode',
      'mx',
      ':',
      ' ',
      '\t',
      '\n',
      '\r\n',
      '\r',
      '\uFEFF',
      'x',
      '\v',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }),
        fc.constantFrom('crlf', 'lf', 'keep' as const),
        (parts, lineEnding) => {
          const text = parts.join('');
          const once = formatPolicyText(text, { lineEnding });
          expect(formatPolicyText(once, { lineEnding })).toBe(once);
          expect(strip(once)).toBe(strip(text));
        },
      ),
    );
  });
});
