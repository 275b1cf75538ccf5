import { describe, expect, it } from 'vitest';
import type { Range } from '../findings/types.js';
import { checkMxValue, hostNameProblem } from './policy-values.js';

const at: Range = { start: { line: 2, character: 4 }, end: { line: 2, character: 20 } };
const check = (value: string, domain?: string): string[] =>
  checkMxValue(value, at, domain).findings.map((f) => f.code);

describe('RFC 8461 §3.2 mx values (STS301–STS308)', () => {
  it('accepts host names and one leading wildcard label', () => {
    for (const value of [
      'mail.example.com',
      '*.example.net',
      'MAIL.Example.COM',
      'mx1.xn--bcher-kva.example',
      'a-b.c',
    ]) {
      expect(checkMxValue(value, at, undefined), value).toEqual({ valid: true, findings: [] });
    }
  });

  it('names the host-name defect (STS301)', () => {
    const reason = (v: string): unknown => checkMxValue(v, at, undefined).findings[0]?.data?.reason;
    expect(reason('')).toBe('empty');
    expect(reason('mail..example.com')).toBe('empty label');
    expect(reason(`${'a'.repeat(64)}.example.com`)).toBe('label longer than 63 characters');
    expect(reason(`${'a.'.repeat(127)}com`)).toBe('longer than 253 characters');
    expect(reason('-mail.example.com')).toBe('a label starts or ends with `-`');
    expect(reason('mail_1.example.com')).toBe('contains `_`');
    expect(reason('a.example.com b.example.com')).toMatch(/spaces/);
    expect(reason('mail!.example.com')).toMatch(/characters other than/);
    expect(hostNameProblem(`${'a'.repeat(63)}.com`)).toBeUndefined();
  });

  it('rejects wildcards other than a whole first label (STS302)', () => {
    for (const value of [
      '*example.com',
      'mx*.example.com',
      '*.*.example.com',
      'mail.*.com',
      '*',
      '*.',
      '**.example.com',
    ]) {
      expect(check(value), value).toEqual(['STS302']);
    }
  });

  it('rewrites the draft suffix form (STS303) and a trailing dot (STS304)', () => {
    const dot = checkMxValue('.example.com', at, undefined);
    expect(dot.valid).toBe(false);
    expect(dot.findings.map((f) => [f.code, f.data?.domain, f.fix?.edits[0]?.newText])).toEqual([
      ['STS303', 'example.com', '*.example.com'],
    ]);
    const trailing = checkMxValue('*.example.com.', at, undefined);
    expect(trailing.valid).toBe(true);
    expect(trailing.findings.map((f) => [f.code, f.fix?.edits[0]?.newText])).toEqual([
      ['STS304', '*.example.com'],
    ]);
    expect(check('.')).toEqual(['STS301']);
    expect(check('mail.example.com..')).toEqual(['STS301']);
    expect(check('.example..com')).toEqual(['STS301']);
  });

  it('gives the A-label for U-labels (STS305), keeping the wildcard', () => {
    const f = checkMxValue('*.Bücher.example.', at, undefined).findings;
    expect(f.map((x) => [x.code, x.data?.alabel, x.fix?.edits[0]?.newText])).toEqual([
      ['STS305', '*.xn--bcher-kva.example', '*.xn--bcher-kva.example'],
    ]);
    const bad = checkMxValue('bü*cher.example', at, undefined).findings;
    expect(bad.map((x) => [x.code, x.fix])).toEqual([['STS305', undefined]]);
  });

  it('rejects addresses, ports and URLs before anything else (STS306)', () => {
    for (const value of [
      '[192.0.2.1]',
      '192.0.2.1',
      'mx.example.com:25',
      'smtp://mx.example.com',
      '2001:db8::1',
      'münchen.de:25',
      'user@mx.example.com',
    ]) {
      expect(check(value), value).toEqual(['STS306']);
    }
  });

  it('calls a value that is no domain at all STS301, whatever it looks like', () => {
    const reason = 'contains characters other than letters, digits, `-` and `.`';
    for (const value of [
      'Priority 1: mail.example.com',
      '://example.com',
      '{{mx}}',
      '<mx>',
      '${MX_HOST}',
      '{{mx}}.',
      '<mx>.example.com.',
      'mail.example.com:smtp',
      '@example.com',
      '[mx]',
      '{{*}}',
      'Bücher example',
    ]) {
      expect(checkMxValue(value, at, undefined), value).toEqual({
        valid: false,
        findings: [expect.objectContaining({ code: 'STS301', data: { value, reason } })],
      });
    }
  });

  it('gives STS304 only when the value without its final dot is a valid pattern', () => {
    expect(check('mail.example.com.')).toEqual(['STS304']);
    expect(check('*.example.com.')).toEqual(['STS304']);
    expect(check('mail..example.com.')).toEqual(['STS301']);
    expect(check('mail_1.example.com.')).toEqual(['STS301']);
    expect(check('mx*.example.com.')).toEqual(['STS302']);
    expect(check('.example.com.')).toEqual(['STS303']);
  });

  it('warns about a wildcard over a public suffix (STS307), not over a registrable name', () => {
    expect(checkMxValue('*.co.uk', at, undefined).findings[0]?.data).toEqual({
      value: '*.co.uk',
      suffix: 'co.uk',
    });
    expect(check('*.com')).toEqual(['STS307']);
    expect(check('*.COM.')).toEqual(['STS304', 'STS307']);
    expect(check('*.github.io')).toEqual(['STS307']);
    expect(check('*.example.com')).toEqual([]);
    expect(check('*.mail.example.co.uk')).toEqual([]);
    expect(check('*.good.test')).toEqual([]);
    expect(check('*.gmail-smtp-in.l.google.com')).toEqual([]);
  });

  it('notes a wildcard over the policy domain itself only when the domain is known (STS308)', () => {
    expect(check('*.example.com')).toEqual([]);
    expect(check('*.Example.com', 'example.com.')).toEqual(['STS308']);
    expect(check('*.mail.example.com', 'example.com')).toEqual([]);
    expect(check('mail.example.com', 'example.com')).toEqual([]);
  });
});
