/**
 * The incremental summariser against the all-at-once one: the summary taken after any number of reports is the
 * summary of those reports, and a summary once given does not change when more reports come.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FailureDetail, ReportPolicy, TlsReport } from '../model/report-model.js';
import { createSummarizer, summarizeReports, type SummaryInput } from './summary.js';

// Few distinct values, so that duplicates, shared rows and shared failure groups are common. Members that are
// not required are sometimes absent, as in real reports.
const day = fc.integer({ min: 0, max: 5 }).map((d) => Date.UTC(2024, 0, 1 + d, d % 2 === 0 ? 0 : 13));
const detail: fc.Arbitrary<FailureDetail> = fc.record(
  {
    'result-type': fc.constantFrom('validation-failure', 'sts-policy-fetch-error', ''),
    'sending-mta-ip': fc.constantFrom('192.0.2.1', '192.0.2.2', '2001:db8::1'),
    'receiving-mx-hostname': fc.constantFrom('mx1.example.com', 'MX1.example.com.', 'mx2.example.com'),
    'receiving-ip': fc.constantFrom('203.0.113.1', '203.0.113.2'),
    'failed-session-count': fc.integer({ min: 0, max: 20 }),
    'failure-reason-code': fc.constantFrom('X509_V_ERR', 'timeout'),
  },
  { requiredKeys: [] },
);
const policy: fc.Arbitrary<ReportPolicy> = fc.record(
  {
    policyType: fc.constantFrom('sts', 'tlsa', 'no-policy-found'),
    policyDomain: fc.constantFrom('example.com', 'Example.COM.', 'example.org'),
    successCount: fc.integer({ min: 0, max: 1000 }),
    failureCount: fc.integer({ min: 0, max: 100 }),
    failureDetails: fc.array(detail, { maxLength: 4 }),
  },
  { requiredKeys: ['failureDetails'] },
);
const report: fc.Arbitrary<TlsReport> = fc.record(
  {
    organizationName: fc.constantFrom('Google Inc.', 'Mail.ru', ''),
    reportId: fc.constantFrom('a', 'b', 'c', ''),
    dateRange: day.map((startMs) => ({ startMs, endMs: startMs + 86_399_000 })),
    policies: fc.array(policy, { maxLength: 3 }),
  },
  { requiredKeys: ['policies'] },
);
const inputs: fc.Arbitrary<SummaryInput[]> = fc.array(
  fc.record({ report, source: fc.constantFrom('a.json', 'b.json.gz') }, { requiredKeys: ['report'] }),
  { maxLength: 12 },
);

describe('createSummarizer (RFC 8460 §4 summary, one report at a time)', () => {
  it('gives what summarizeReports gives, after every report, and never changes a summary already given', () => {
    fc.assert(
      fc.property(
        inputs,
        fc.record({ maxDetailsPerRow: fc.nat(3), maxRowsWithDetails: fc.nat(3) }),
        (all, options) => {
          const summarizer = createSummarizer(options);
          const given: { at: number; summary: unknown; copy: unknown }[] = [];
          all.forEach(({ report, source }, i) => {
            summarizer.add(report, source);
            const summary = summarizer.result();
            expect(summary).toEqual(summarizeReports(all.slice(0, i + 1), options));
            given.push({ at: i, summary, copy: structuredClone(summary) });
          });
          expect(summarizer.result()).toEqual(summarizeReports(all, options));
          for (const { summary, copy } of given) {
            expect(summary).toEqual(copy);
          }
        },
      ),
    );
  });

  it('holds no report: a report changed after it was added changes nothing', () => {
    const r: TlsReport = {
      organizationName: 'Google Inc.',
      reportId: 'a',
      policies: [{ policyDomain: 'example.com', successCount: 1, failureCount: 0, failureDetails: [] }],
    };
    const summarizer = createSummarizer();
    summarizer.add(r, 'a.json');
    const before = summarizer.result();
    r.policies.length = 0;
    r.organizationName = 'Other';
    expect(summarizer.result()).toEqual(before);
    expect(before.byOrganization[0]?.key).toBe('Google Inc.');
  });
});
