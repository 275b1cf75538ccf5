import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReport, type FailureDetail, type TlsReport } from '../parse/report.js';
import { summarizeReports, type SummaryRow } from './summary.js';

/** A row without its failure details, for the tests of the counts. */
const counts = ({
  details,
  moreDetails,
  ...row
}: SummaryRow): Omit<SummaryRow, 'details' | 'moreDetails'> => {
  void details;
  void moreDetails;
  return row;
};

const day = (d: number, h = 0, m = 0, s = 0): number => Date.UTC(2024, 2, d, h, m, s);

const google: TlsReport = {
  organizationName: 'Google Inc.',
  reportId: 'a1',
  dateRange: { startMs: day(1), endMs: day(1, 23, 59, 59) },
  policies: [
    {
      policyType: 'sts',
      policyDomain: 'example.com',
      successCount: 100,
      failureCount: 10,
      failureDetails: [
        {
          'result-type': 'validation-failure',
          'sending-mta-ip': '192.0.2.1',
          'receiving-mx-hostname': 'mx1.example.com',
          'failed-session-count': 6,
        },
        {
          'result-type': 'certificate-expired',
          'sending-mta-ip': '192.0.2.2',
          'receiving-mx-hostname': 'MX2.example.com.',
          'failed-session-count': 4,
        },
      ],
    },
    {
      policyType: 'no-policy-found',
      policyDomain: 'Example.COM.',
      successCount: 50,
      failureCount: 0,
      failureDetails: [],
    },
  ],
};
const microsoft: TlsReport = {
  organizationName: 'Microsoft Corporation',
  reportId: 'm1',
  dateRange: { startMs: day(2), endMs: day(2, 23, 59, 59) },
  policies: [
    {
      policyType: 'sts',
      policyDomain: 'example.com',
      successCount: 30,
      failureCount: 5,
      failureDetails: [{ 'result-type': 'sts-policy-fetch-error', 'failed-session-count': 5 }],
    },
  ],
};
/** Same report-id as Google's, but another organisation: not a duplicate. */
const mailRu: TlsReport = {
  organizationName: 'Mail.ru',
  reportId: 'a1',
  dateRange: { startMs: day(3), endMs: day(4) },
  policies: [
    {
      policyType: 'sts',
      policyDomain: 'example.org',
      successCount: 0,
      failureCount: 2,
      failureDetails: [
        {
          'result-type': 'starttls-not-supported',
          'sending-mta-ip': '192.0.2.1',
          'receiving-mx-hostname': 'mx1.example.org',
          'failed-session-count': 2,
        },
      ],
    },
    { failureDetails: [] },
  ],
};

describe('RFC 8460 §4.2, §4.3 summary of many reports', () => {
  const summary = summarizeReports([
    { report: google, source: 'a.json' },
    { report: microsoft },
    { report: structuredClone(google), source: 'a-copy.json' },
    { report: mailRu, source: 'mail.ru.json' },
  ]);

  it('counts each (organisation, report-id) once and lists the duplicates', () => {
    expect(summary.reports).toBe(3);
    expect(summary.duplicates).toBe(1);
    expect(summary.duplicateReports).toEqual([
      { reportId: 'a1', organization: 'Google Inc.', copies: 2, sources: ['a.json', 'a-copy.json'] },
    ]);
  });

  it('totals the summaries (not the overlapping details), with the success rate', () => {
    // successful 100 + 50 + 30 + 0 = 180; failed 10 + 0 + 5 + 2 = 17; the Mail.ru entry without counts adds 0.
    expect(summary.totals).toEqual({
      successful: 180,
      failed: 17,
      successRate: 180 / 197,
      policies: 5,
      policiesWithoutCounts: 1,
    });
    expect(summary.dateRange).toEqual({ startMs: day(1), endMs: day(4) });
  });

  it('per policy domain, case-insensitively and without the final dot', () => {
    expect(summary.byPolicyDomain.map(counts)).toEqual([
      { key: 'example.com', reports: 2, successful: 180, failed: 15, successRate: 180 / 195 },
      { key: 'example.org', reports: 1, successful: 0, failed: 2, successRate: 0 },
      { key: null, reports: 1, successful: 0, failed: 0, successRate: null },
    ]);
  });

  it('per reporting organisation', () => {
    expect(summary.byOrganization.map(counts)).toEqual([
      { key: 'Google Inc.', reports: 1, successful: 150, failed: 10, successRate: 150 / 160 },
      { key: 'Microsoft Corporation', reports: 1, successful: 30, failed: 5, successRate: 30 / 35 },
      { key: 'Mail.ru', reports: 1, successful: 0, failed: 2, successRate: 0 },
    ]);
  });

  it('per sending source (sending-mta-ip with organisation): failures only', () => {
    expect(summary.bySendingSource.map(counts)).toEqual([
      {
        key: '192.0.2.1',
        organization: 'Google Inc.',
        reports: 1,
        successful: null,
        failed: 6,
        successRate: null,
      },
      {
        key: null,
        organization: 'Microsoft Corporation',
        reports: 1,
        successful: null,
        failed: 5,
        successRate: null,
      },
      {
        key: '192.0.2.2',
        organization: 'Google Inc.',
        reports: 1,
        successful: null,
        failed: 4,
        successRate: null,
      },
      {
        key: '192.0.2.1',
        organization: 'Mail.ru',
        reports: 1,
        successful: null,
        failed: 2,
        successRate: null,
      },
    ]);
  });

  it('per result type and per receiving MX', () => {
    expect(summary.byResultType.map((r) => [r.key, r.failed, r.reports])).toEqual([
      ['validation-failure', 6, 1],
      ['sts-policy-fetch-error', 5, 1],
      ['certificate-expired', 4, 1],
      ['starttls-not-supported', 2, 1],
    ]);
    expect(summary.byReceivingMx.map((r) => [r.key, r.failed])).toEqual([
      ['mx1.example.com', 6],
      [null, 5],
      ['mx2.example.com', 4],
      ['mx1.example.org', 2],
    ]);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});

describe('summary edge cases', () => {
  it('no reports: zeros and null rates', () => {
    expect(summarizeReports([])).toEqual({
      reports: 0,
      duplicates: 0,
      duplicateReports: [],
      dateRange: null,
      totals: { successful: 0, failed: 0, successRate: null, policies: 0, policiesWithoutCounts: 0 },
      byPolicyDomain: [],
      byOrganization: [],
      bySendingSource: [],
      byResultType: [],
      byReceivingMx: [],
      byDay: [],
      byReceivingIp: [],
    });
  });

  it('reports without a report-id are never duplicates; one row counts a report once', () => {
    const report: TlsReport = {
      policies: [
        { policyDomain: 'a.example', successCount: 1, failureCount: 1, failureDetails: [] },
        { policyDomain: 'a.example', successCount: 2, failureCount: 0, failureDetails: [] },
      ],
    };
    const summary = summarizeReports([{ report }, { report }]);
    expect([summary.reports, summary.duplicates]).toEqual([2, 0]);
    expect(summary.byPolicyDomain.map(counts)).toEqual([
      { key: 'a.example', reports: 2, successful: 6, failed: 2, successRate: 0.75 },
    ]);
    expect(summary.byOrganization.map(counts)).toEqual([
      { key: null, reports: 2, successful: 6, failed: 2, successRate: 0.75 },
    ]);
  });

  it('summarises the parsed samples', () => {
    const read = (name: string): TlsReport =>
      parseReport(
        readFileSync(fileURLToPath(new URL(`../../../fixtures/report/${name}`, import.meta.url)), 'utf8'),
      ).value!;
    const summary = summarizeReports([
      { report: read('ok--sample-mail-ru.json') },
      { report: read('ok--sample-validation-failure-testing.json') },
    ]);
    // Mail.ru: 0 successful, 1 failed (details 1 + 1); Example Inc.: 0 successful, 3 failed (details 2 + 1).
    expect(summary.totals).toMatchObject({ successful: 0, failed: 4, successRate: 0 });
    expect(summary.byResultType.map((r) => [r.key, r.failed])).toEqual([
      ['validation-failure', 3],
      ['sts-policy-fetch-error', 2],
    ]);
    expect(summary.bySendingSource.map((r) => [r.key, r.organization, r.failed])).toEqual([
      ['209.85.222.201', 'Example Inc.', 2],
      [null, 'Mail.ru', 2],
      ['209.85.208.176', 'Example Inc.', 1],
    ]);
  });
});

describe('RFC 8460 §4.1 per UTC day, and the failure details behind each row', () => {
  const detail = (type: string, ip: string, count: number, reason?: string): FailureDetail => ({
    'result-type': type,
    'sending-mta-ip': ip,
    'receiving-mx-hostname': 'mx1.example.com',
    'receiving-ip': '203.0.113.1',
    'failed-session-count': count,
    ...(reason === undefined ? {} : { 'failure-reason-code': reason }),
  });
  const daily = (d: number, id: string, details: FailureDetail[], org = 'Google Inc.'): TlsReport => ({
    organizationName: org,
    reportId: id,
    dateRange: { startMs: day(d), endMs: day(d, 23, 59, 59) },
    policies: [
      {
        policyDomain: 'example.com',
        successCount: 10,
        failureCount: details.reduce((n, x) => n + (x['failed-session-count'] ?? 0), 0),
        failureDetails: details,
      },
    ],
  });
  const reports = [
    daily(3, 'c', [detail('validation-failure', '192.0.2.1', 4, 'X509_V_ERR_CERT_HAS_EXPIRED')]),
    daily(1, 'a', [detail('validation-failure', '192.0.2.1', 1, 'X509_V_ERR_CERT_HAS_EXPIRED')]),
    daily(2, 'b', [
      detail('validation-failure', '192.0.2.1', 2, 'X509_V_ERR_CERT_HAS_EXPIRED'),
      detail('starttls-not-supported', '192.0.2.9', 7),
    ]),
    daily(2, 'm', [detail('validation-failure', '192.0.2.1', 5, 'X509_V_ERR_CERT_HAS_EXPIRED')], 'Microsoft'),
  ];
  const summary = summarizeReports(reports.map((report) => ({ report })));

  it('counts each report on the UTC day its range starts, oldest day first', () => {
    expect(summary.byDay.map(counts)).toEqual([
      { key: '2024-03-01', reports: 1, successful: 10, failed: 1, successRate: 10 / 11 },
      { key: '2024-03-02', reports: 2, successful: 20, failed: 14, successRate: 20 / 34 },
      { key: '2024-03-03', reports: 1, successful: 10, failed: 4, successRate: 10 / 14 },
    ]);
  });

  it('per receiving IP', () => {
    expect(summary.byReceivingIp.map((r) => [r.key, r.failed, r.reports])).toEqual([['203.0.113.1', 19, 4]]);
  });

  it('groups equal details: sessions, reports, and since when (first and last report start)', () => {
    const [domain] = summary.byPolicyDomain;
    // 7 sessions each: equal failures are ordered by their values (here the result type).
    expect(domain?.details).toEqual([
      expect.objectContaining({ resultType: 'starttls-not-supported', failed: 7, reports: 1 }),
      {
        organization: 'Google Inc.',
        policyDomain: 'example.com',
        resultType: 'validation-failure',
        sendingMtaIp: '192.0.2.1',
        receivingMxHostname: 'mx1.example.com',
        receivingIp: '203.0.113.1',
        failureReasonCode: 'X509_V_ERR_CERT_HAS_EXPIRED',
        failed: 7,
        reports: 3,
        firstSeenMs: day(1),
        lastSeenMs: day(3),
      },
      expect.objectContaining({ organization: 'Microsoft', failed: 5, reports: 1 }),
    ]);
    expect(domain?.moreDetails).toBe(0);
  });

  it('each row lists only its own groups; a day row counts that day only', () => {
    const starttls = summary.byResultType.find((r) => r.key === 'starttls-not-supported');
    expect(starttls?.details.map((g) => g.sendingMtaIp)).toEqual(['192.0.2.9']);
    const microsoft = summary.bySendingSource.find((r) => r.organization === 'Microsoft');
    expect(microsoft?.details.map((g) => [g.organization, g.failed])).toEqual([['Microsoft', 5]]);
    const second = summary.byDay.find((r) => r.key === '2024-03-02');
    expect(second?.details.map((g) => [g.organization, g.resultType, g.failed, g.reports])).toEqual([
      ['Google Inc.', 'starttls-not-supported', 7, 1],
      ['Microsoft', 'validation-failure', 5, 1],
      ['Google Inc.', 'validation-failure', 2, 1],
    ]);
    expect(second?.details[2]?.firstSeenMs).toBe(day(2));
  });

  it('bounds the details per row and says how many more there are', () => {
    const many = daily(
      5,
      'z',
      Array.from({ length: 30 }, (_, i) => detail('certificate-expired', `198.51.100.${i}`, i + 1)),
    );
    const bounded = summarizeReports([{ report: many }], { maxDetailsPerRow: 3 });
    const row = bounded.byPolicyDomain[0]!;
    expect(row.details.map((g) => g.failed)).toEqual([30, 29, 28]);
    expect(row.moreDetails).toBe(27);
    const none = summarizeReports([{ report: many }], { maxDetailsPerRow: 0 }).byResultType[0]!;
    expect([none.details, none.moreDetails]).toEqual([[], 30]);
  });

  it('keeps values apart that a naive key would join (control characters, "null")', () => {
    const tricky = summarizeReports([
      { report: { organizationName: 'a\u0001b', reportId: 'x', policies: [] } },
      { report: { organizationName: 'a', reportId: 'b\u0001x', policies: [] } },
      { report: { organizationName: 'null', reportId: 'n', policies: [] } },
      { report: { reportId: 'n', policies: [] } },
    ]);
    expect([tricky.reports, tricky.duplicates]).toEqual([4, 0]);
    expect(tricky.byOrganization.map((r) => r.key)).toEqual(['a', 'a\u0001b', 'null', null]);
  });

  it('an unreadable start date counts under day null, listed last', () => {
    const undated = summarizeReports([
      { report: { reportId: 'u', policies: [] } },
      { report: daily(1, 'a', []) },
    ]);
    expect(undated.byDay.map((r) => r.key)).toEqual(['2024-03-01', null]);
  });

  it('lists details for the first rows only (the newest days), and counts the rest', () => {
    const many = Array.from({ length: 6 }, (_, d) =>
      daily(d + 1, `r${d}`, [detail('certificate-expired', `198.51.100.${d}`, d + 1)]),
    );
    const bounded = summarizeReports(
      many.map((report) => ({ report })),
      { maxRowsWithDetails: 2 },
    );
    expect(bounded.bySendingSource.map((r) => [r.key, r.details.length, r.moreDetails])).toEqual([
      ['198.51.100.5', 1, 0],
      ['198.51.100.4', 1, 0],
      ['198.51.100.3', 0, 1],
      ['198.51.100.2', 0, 1],
      ['198.51.100.1', 0, 1],
      ['198.51.100.0', 0, 1],
    ]);
    expect(bounded.byDay.map((r) => r.details.length)).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('a sending IP seen by two reporters is two rows, each with only its own groups listed or counted', () => {
    const reports = [
      daily(1, 'g1', [
        detail('certificate-expired', '198.51.100.7', 3),
        detail('validation-failure', '198.51.100.7', 1),
      ]),
      daily(1, 'm1', [detail('certificate-expired', '198.51.100.7', 2)], 'Microsoft'),
      daily(2, 'm2', [detail('starttls-not-supported', '198.51.100.7', 1)], 'Microsoft'),
    ].map((report) => ({ report }));
    const rowsOf = (s: ReturnType<typeof summarizeReports>): unknown[] =>
      s.bySendingSource.map((r) => [
        r.key,
        r.organization,
        r.failed,
        r.details.map((g) => g.resultType),
        r.moreDetails,
      ]);
    expect(rowsOf(summarizeReports(reports))).toEqual([
      ['198.51.100.7', 'Google Inc.', 4, ['certificate-expired', 'validation-failure'], 0],
      ['198.51.100.7', 'Microsoft', 3, ['certificate-expired', 'starttls-not-supported'], 0],
    ]);
    // Only the first row lists its groups; the other says how many it has.
    expect(rowsOf(summarizeReports(reports, { maxRowsWithDetails: 1, maxDetailsPerRow: 1 }))).toEqual([
      ['198.51.100.7', 'Google Inc.', 4, ['certificate-expired'], 1],
      ['198.51.100.7', 'Microsoft', 3, [], 2],
    ]);
  });

  it('keeps per-day numbers right when the reports of a group come in any order of days', () => {
    const g = (d: number, id: string, n: number): TlsReport =>
      daily(d, id, [detail('validation-failure', '192.0.2.1', n, 'X')]);
    const mixed = summarizeReports(
      [g(2, 'a', 1), g(1, 'b', 10), g(2, 'c', 100), g(1, 'd', 1000)].map((report) => ({ report })),
    );
    expect(mixed.byDay.map((r) => [r.key, r.details[0]?.failed, r.details[0]?.reports])).toEqual([
      ['2024-03-01', 1010, 2],
      ['2024-03-02', 101, 2],
    ]);
    expect(mixed.byPolicyDomain[0]?.details[0]).toMatchObject({
      failed: 1111,
      reports: 4,
      firstSeenMs: day(1),
      lastSeenMs: day(2),
    });
  });
});
