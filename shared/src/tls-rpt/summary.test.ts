import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReport, type TlsReport } from './report.js';
import { summarizeReports } from './summary.js';

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
          resultType: 'validation-failure',
          sendingMtaIp: '192.0.2.1',
          receivingMxHostname: 'mx1.example.com',
          failedSessionCount: 6,
        },
        {
          resultType: 'certificate-expired',
          sendingMtaIp: '192.0.2.2',
          receivingMxHostname: 'MX2.example.com.',
          failedSessionCount: 4,
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
      failureDetails: [{ resultType: 'sts-policy-fetch-error', failedSessionCount: 5 }],
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
          resultType: 'starttls-not-supported',
          sendingMtaIp: '192.0.2.1',
          receivingMxHostname: 'mx1.example.org',
          failedSessionCount: 2,
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
    expect(summary.byPolicyDomain).toEqual([
      { key: 'example.com', reports: 2, successful: 180, failed: 15, successRate: 180 / 195 },
      { key: 'example.org', reports: 1, successful: 0, failed: 2, successRate: 0 },
      { key: null, reports: 1, successful: 0, failed: 0, successRate: null },
    ]);
  });

  it('per reporting organisation', () => {
    expect(summary.byOrganization).toEqual([
      { key: 'Google Inc.', reports: 1, successful: 150, failed: 10, successRate: 150 / 160 },
      { key: 'Microsoft Corporation', reports: 1, successful: 30, failed: 5, successRate: 30 / 35 },
      { key: 'Mail.ru', reports: 1, successful: 0, failed: 2, successRate: 0 },
    ]);
  });

  it('per sending source (sending-mta-ip with organisation): failures only', () => {
    expect(summary.bySendingSource).toEqual([
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
    expect(summary.byPolicyDomain).toEqual([
      { key: 'a.example', reports: 2, successful: 6, failed: 2, successRate: 0.75 },
    ]);
    expect(summary.byOrganization).toEqual([
      { key: null, reports: 2, successful: 6, failed: 2, successRate: 0.75 },
    ]);
  });

  it('summarises the parsed samples', () => {
    const read = (name: string): TlsReport =>
      parseReport(
        readFileSync(fileURLToPath(new URL(`../../fixtures/report/${name}`, import.meta.url)), 'utf8'),
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
