/**
 * The failure-detail rules both report parsers call: the shortcut over clean entries agrees with the rules it
 * stands for, findings past the cap are counted without their data or path being made, and each parser reaches the
 * rules through its own sink with the same result (the property tests of `report-fast.test.ts` compare whole
 * reports; here one detail at a time, at the level of the rules).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FindingCode } from '../../findings/catalogue.js';
import type { FindingData } from '../../findings/types.js';
import {
  detailFields,
  detailSumMismatch,
  isCleanDetail,
  readDetailFields,
  type DetailSink,
} from './report-detail-rules.js';
import type { IpMemo } from './report-fast-ip.js';
import type { FailureDetail } from '../model/report-model.js';
import { resultTypes } from '../model/report-result-types.js';
import { parseReport } from './report.js';

interface Made {
  code: FindingCode;
  name: string | undefined;
  data: FindingData;
}

/** A sink that records what the rules make, admitting the first `cap` findings. */
function recorder(cap = Infinity): DetailSink & { made: Made[]; admitted: number; asked: FindingCode[] } {
  return {
    made: [],
    admitted: 0,
    asked: [],
    admit(code) {
      this.asked.push(code);
      return this.admitted++ < cap;
    },
    add(code, name, _part, data) {
      this.made.push({ code, name, data });
    },
    pathText: (name) => `policies[0].failure-details[0].${name}`,
  };
}

const registered = resultTypes.map((r) => r.value);
/** A field: mostly a clean value, sometimes a flawed one, sometimes absent. */
const field = (clean: unknown[], flawed: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<unknown>(...clean) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(...flawed) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const valuesArb = fc.tuple(
  field(registered, ['tls-handshake-timeout', 3]),
  field(
    ['192.0.2.1', '2001:db8::1', '::ffff:192.0.2.1'],
    ['2001:DB8:0:0::1', '', '010.1.2.3', 'mx.example', 7],
  ),
  field(['mx1.example.com', ''], [null]),
  field(['mx1.example.com'], [null, 1]),
  field(['203.0.113.1', '2001:db8::2'], ['2001:db8:0::2', '1.2.3']),
  field([1, 0, 40], ['3', -1, 1.5]),
  field(['https://reports.example/a'], ['see the log', '']),
  field(['X509_V_ERR_CERT_HAS_EXPIRED'], [' ', '', {}]),
);
const policyTypeArb = fc.constantFrom<string | undefined>('sts', 'tlsa', 'no-policy-found', undefined);

const presentBits = (values: readonly unknown[]): number =>
  values.reduce<number>((bits, v, i) => (v === undefined ? bits : bits | (1 << i)), 0);

describe('RFC 8460 §4.3, §4.4 failure-detail rules, written once', () => {
  it('the shortcut over clean entries says "clean" exactly when the rules find nothing', () => {
    fc.assert(
      fc.property(valuesArb, policyTypeArb, (values, policyType) => {
        const sink = recorder();
        readDetailFields(sink, values, presentBits(values), undefined, policyType, new Map(), undefined);
        const required = values[0] !== undefined && values[5] !== undefined;
        const clean = isCleanDetail(...values, policyType, new Map());
        expect(clean, JSON.stringify({ values, policyType, made: sink.made })).toBe(
          required && sink.made.length === 0,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('counts every finding past the cap, but makes none of them', () => {
    fc.assert(
      fc.property(valuesArb, policyTypeArb, fc.nat({ max: 3 }), (values, policyType, cap) => {
        const all = recorder();
        readDetailFields(all, values, presentBits(values), undefined, policyType, new Map(), undefined);
        const capped = recorder(cap);
        readDetailFields(capped, values, presentBits(values), undefined, policyType, new Map(), undefined);
        expect(capped.asked).toEqual(all.asked);
        expect(capped.made).toEqual(all.made.slice(0, cap));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the typed detail from well-typed fields only, at the member names given (an alias)', () => {
    const sink = recorder();
    const detail: FailureDetail = {};
    const values = [
      'validation-failure',
      '2001:DB8:0:0::1',
      undefined,
      5,
      undefined,
      '7',
      undefined,
      undefined,
    ];
    const names = [undefined, 'sending_mta_ip'];
    readDetailFields(sink, values, presentBits(values), names, 'sts', new Map(), detail);
    expect(detail).toEqual({ 'result-type': 'validation-failure', 'sending-mta-ip': '2001:DB8:0:0::1' });
    expect(sink.made.map((m) => [m.code, m.name])).toEqual([
      ['RPT123', 'sending_mta_ip'],
      ['RPT104', 'receiving-mx-helo'],
      ['RPT104', 'failed-session-count'],
      ['RPT121', 'result-type'],
      ['RPT128', 'result-type'],
    ]);
    expect(sink.made[0]?.data).toEqual({
      path: 'policies[0].failure-details[0].sending_mta_ip',
      canonical: '2001:db8::1',
    });
  });

  it('reads an IP once per report: the memo answers for a repeat', () => {
    const memo: IpMemo = new Map();
    const values = ['starttls-not-supported', '2001:DB8::1', 'mx', undefined, '2001:DB8::1', 1];
    readDetailFields(recorder(), values, presentBits(values), undefined, 'sts', memo, undefined);
    expect([...memo.keys()]).toEqual(['2001:DB8::1']);
  });

  it('RPT119: details that add up to another number than the total; none when a count is unknown', () => {
    expect(detailSumMismatch(5, [{ 'failed-session-count': 2 }, { 'failed-session-count': 2 }])).toEqual({
      sum: 4,
      total: 5,
    });
    expect(
      detailSumMismatch(4, [{ 'failed-session-count': 2 }, { 'failed-session-count': 2 }]),
    ).toBeUndefined();
    expect(detailSumMismatch(4, [{ 'failed-session-count': 2 }, {}])).toBeUndefined();
    expect(detailSumMismatch(4, [])).toBeUndefined();
  });

  it('both parsers place the same rule at the same member, also when the details of an entry are many', () => {
    // Past the fast path's shortcut (a clean entry is its own typed detail) and through its general reading.
    const details = Array.from({ length: 50 }, (_, i) => ({
      'result-type': i % 2 ? 'validation-failure' : 'starttls-not-supported',
      'sending-mta-ip': i % 3 ? '192.0.2.1' : '2001:DB8::1',
      'receiving-ip': '203.0.113.1',
      'failed-session-count': i % 5 ? 1 : '1',
      ...(i % 7 ? {} : { 'failure-error-code': 'X' }),
    }));
    const text = JSON.stringify({
      policies: [{ policy: { 'policy-type': 'tlsa' }, 'failure-details': details }],
    });
    const fast = parseReport(text, { maxFindings: Infinity });
    expect(fast).toEqual(parseReport(text, { positioned: true, maxFindings: Infinity }));
    const codes = new Set(fast.findings.map((f) => f.code));
    for (const code of ['RPT104', 'RPT121', 'RPT123', 'RPT125'] as const) {
      expect(codes).toContain(code);
    }
    expect(detailFields).toHaveLength(8);
  });
});
