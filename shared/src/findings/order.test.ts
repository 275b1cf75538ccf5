import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeFinding } from './finding.js';
import { sortFindings } from './order.js';
import type { Finding } from './types.js';

const at = (line: number, character: number, name: string): Finding =>
  makeFinding('RPT101', {
    range: { start: { line, character }, end: { line, character: character + 1 } },
    data: { reason: name },
  });
const whole = (name: string): Finding => makeFinding('RPT101', { data: { reason: name } });
const names = (findings: Finding[]): unknown[] => findings.map((f) => f.data?.reason);

describe('sortFindings', () => {
  it('puts document-level findings first, then orders by line and character, keeping ties in order', () => {
    const findings = [
      at(2, 0, 'c'),
      at(0, 9, 'b'),
      whole('doc1'),
      at(0, 3, 'a'),
      at(2, 0, 'c2'),
      whole('doc2'),
    ];
    expect(names(sortFindings(findings))).toEqual(['doc1', 'doc2', 'a', 'b', 'c', 'c2']);
    // The caller's list is left as it was.
    expect(names(findings)).toEqual(['c', 'b', 'doc1', 'a', 'c2', 'doc2']);
  });

  it('orders a finding far along a long line before one on the next line', () => {
    // A minified report is one line of millions of characters.
    expect(names(sortFindings([at(1, 0, 'next line'), at(0, 20_000_000, 'far along')]))).toEqual([
      'far along',
      'next line',
    ]);
  });

  it('gives a sorted, stable permutation of any list', () => {
    const place = fc.option(fc.tuple(fc.nat(5), fc.nat(3_000_000)), { nil: undefined });
    fc.assert(
      fc.property(fc.array(place, { maxLength: 40 }), (places) => {
        const findings = places.map((p, i) =>
          p === undefined ? whole(String(i)) : at(p[0], p[1], String(i)),
        );
        const sorted = sortFindings(findings);
        expect([...sorted].sort((a, b) => Number(a.data?.reason) - Number(b.data?.reason))).toEqual(findings);
        const key = (f: Finding): [number, number, number] => [
          f.range?.start.line ?? -1,
          f.range?.start.character ?? -1,
          Number(f.data?.reason),
        ];
        for (let i = 1; i < sorted.length; i += 1) {
          const [l0, c0, n0] = key(sorted[i - 1]!);
          const [l1, c1, n1] = key(sorted[i]!);
          expect(l0 < l1 || (l0 === l1 && (c0 < c1 || (c0 === c1 && n0 < n1)))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
