import { describe, expect, it } from 'vitest';
import { parseStsRecord } from '../mta-sts/record.js';
import { parseTlsRptRecord } from '../tls-rpt/record/record.js';
import { stsRecordKeys, tlsRptRecordKeys } from './record-keys.js';

const codes = (findings: { code: string }[]): string[] => findings.map((f) => f.code);

describe('RFC 8461 §3.1 the `_mta-sts` record fields agree with the parser', () => {
  it('lists `v` then `id`, both required', () => {
    expect(stsRecordKeys.map((k) => [k.name, k.required])).toEqual([
      ['v', true],
      ['id', true],
    ]);
  });

  it('offers a version the parser accepts, and a record without `id` is the STS007 error', () => {
    const version = stsRecordKeys[0]?.values?.[0] ?? '';
    expect(codes(parseStsRecord(`v=${version}; id=20240131120000`).findings)).toEqual([]);
    expect(codes(parseStsRecord(`v=${version};`).findings)).toContain('STS007');
  });

  it('gives an `id` example in its syntax that the parser accepts', () => {
    const example = /`(\w+)`/.exec(stsRecordKeys[1]?.syntax ?? '')?.[1] ?? '';
    expect(codes(parseStsRecord(`v=STSv1; id=${example}`).findings)).toEqual([]);
  });
});

describe('RFC 8460 §3 the `_smtp._tls` record fields agree with the parser', () => {
  it('lists `v` then `rua`, both required', () => {
    expect(tlsRptRecordKeys.map((k) => [k.name, k.required])).toEqual([
      ['v', true],
      ['rua', true],
    ]);
  });

  it('offers a version the parser accepts, and a record without `rua` is the RPT007 error', () => {
    const version = tlsRptRecordKeys[0]?.values?.[0] ?? '';
    expect(codes(parseTlsRptRecord(`v=${version}; rua=mailto:tlsrpt@example.com`).findings)).toEqual([]);
    expect(codes(parseTlsRptRecord(`v=${version};`).findings)).toContain('RPT007');
  });
});
