import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../findings/types.js';
import { parseReport, type TlsReport } from './report.js';
import { validateReportValue } from './report-validate.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/report/', import.meta.url));
const fixture = (name: string): string => readFileSync(`${fixtures}${name}`, 'utf8');

type Json = Record<string, unknown>;
const detail = (extra: Json = {}): Json => ({
  'result-type': 'certificate-expired',
  'sending-mta-ip': '198.51.100.7',
  'receiving-mx-hostname': 'mx1.company-y.example',
  'receiving-ip': '203.0.113.10',
  'failed-session-count': 4,
  ...extra,
});
const entry = (policy: Json = {}, rest: Json = {}): Json => ({
  policy: {
    'policy-type': 'sts',
    'policy-string': ['version: STSv1', 'mode: enforce', 'mx: mx1.company-y.example', 'max_age: 604800'],
    'policy-domain': 'company-y.example',
    ...policy,
  },
  summary: { 'total-successful-session-count': 1200, 'total-failure-session-count': 4 },
  'failure-details': [detail()],
  ...rest,
});
const report = (top: Json = {}): Json => ({
  'organization-name': 'Company-X',
  'date-range': { 'start-datetime': '2024-03-01T00:00:00Z', 'end-datetime': '2024-03-01T23:59:59Z' },
  'contact-info': 'smtp-tls-reporting@company-x.example',
  'report-id': 'r1',
  policies: [entry()],
  ...top,
});
const parse = (value: unknown) => parseReport(JSON.stringify(value, null, 2));
const codes = (value: unknown): string[] => parse(value).findings.map((f) => f.code);
const only = (value: unknown, code: string): Finding => {
  const found = parse(value).findings.filter((f) => f.code === code);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const withPolicy = (policy: Json, rest: Json = {}) => report({ policies: [entry(policy, rest)] });
const withDetail = (extra: Json, policy: Json = {}) =>
  withPolicy(policy, { 'failure-details': [detail(extra)] });
const without = (object: Json, key: string): Json =>
  Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

describe('RFC 8460 Appendix B example (erratum 6241 applied)', () => {
  it('reads to the typed report', () => {
    const parsed = parseReport(fixture('ok--rfc-8460-appendix-b.json'));
    expect(parsed.findings.map((f) => [f.code, f.data?.canonical])).toEqual([
      ['RPT123', '2001:db8:abcd:12::1'],
      ['RPT123', '2001:db8:abcd:13::1'],
    ]);
    const expected: TlsReport = {
      organizationName: 'Company-X',
      dateRange: {
        start: '2016-04-01T00:00:00Z',
        end: '2016-04-01T23:59:59Z',
        startMs: Date.UTC(2016, 3, 1),
        endMs: Date.UTC(2016, 3, 1, 23, 59, 59),
      },
      contactInfo: 'sts-reporting@company-x.example',
      reportId: '5065427c-23d3-47ca-b6e0-946ea0e8c4be',
      policies: [
        {
          policyType: 'sts',
          policyString: ['version: STSv1', 'mode: testing', 'mx: *.mail.company-y.example', 'max_age: 86400'],
          policyDomain: 'company-y.example',
          mxHost: ['*.mail.company-y.example'],
          successCount: 5326,
          failureCount: 303,
          failureDetails: [
            {
              'result-type': 'certificate-expired',
              'sending-mta-ip': '2001:db8:abcd:0012::1',
              'receiving-mx-hostname': 'mx1.mail.company-y.example',
              'failed-session-count': 100,
            },
            {
              'result-type': 'starttls-not-supported',
              'sending-mta-ip': '2001:db8:abcd:0013::1',
              'receiving-mx-hostname': 'mx2.mail.company-y.example',
              'receiving-ip': '203.0.113.56',
              'failed-session-count': 200,
              'additional-information':
                'https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported',
            },
            {
              'result-type': 'validation-failure',
              'sending-mta-ip': '198.51.100.62',
              'receiving-ip': '203.0.113.58',
              'receiving-mx-hostname': 'mx-backup.mail.company-y.example',
              'failed-session-count': 3,
              'failure-reason-code': 'X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED',
            },
          ],
        },
      ],
    };
    expect(parsed.value).toEqual(expected);
  });

  it('as published: mx-host a string (RPT117, read as a list) and a URI with spaces (RPT124)', () => {
    const parsed = parseReport(fixture('RPT117--rfc-8460-appendix-b-as-published.json'));
    expect(parsed.findings.map((f) => f.code).sort()).toEqual(['RPT117', 'RPT123', 'RPT123', 'RPT124']);
    expect(parsed.value?.policies[0]?.mxHost).toEqual(['*.mail.company-y.example']);
  });
});

describe('RFC 8460 §4.4 structure', () => {
  it('is clean for a complete report', () => {
    expect(codes(report())).toEqual([]);
  });

  it('refuses a top level that is not an object, with no value', () => {
    const parsed = parse([report()]);
    expect(parsed.value).toBeUndefined();
    expect(parsed.findings.map((f) => [f.code, f.path, f.data?.path])).toEqual([
      ['RPT104', [], '(top level)'],
    ]);
  });

  it('reports each missing required key at its parent (RPT103), with a path that exists', () => {
    const f = only(withPolicy({}, { summary: { 'total-failure-session-count': 0 } }), 'RPT103');
    expect(f.path).toEqual(['policies', 0, 'summary']);
    expect(f.data).toEqual({ path: 'policies[0].summary.total-successful-session-count' });
  });

  it('reports a missing object once, not each of its keys', () => {
    expect(codes(report({ policies: [without(entry(), 'summary')] }))).toEqual(['RPT103']);
  });

  it('keeps indexes: an element that is not an object reads as an empty entry (RPT104)', () => {
    const parsed = parse(report({ policies: [5, entry()] }));
    expect(parsed.findings.map((f) => [f.code, f.path])).toEqual([['RPT104', ['policies', 0]]]);
    expect(parsed.value?.policies[0]).toEqual({ failureDetails: [] });
    expect(parsed.value?.policies[1]?.policyDomain).toBe('company-y.example');
  });

  it('policies: an object instead of an array (RPT104), empty (RPT131)', () => {
    expect(only(report({ policies: entry() }), 'RPT104').data).toEqual({
      path: 'policies',
      expected: 'an array',
      actual: 'an object',
    });
    expect(codes(report({ policies: [] }))).toEqual(['RPT131']);
  });

  it('counts must be non-negative integers (RPT104) and read as undefined otherwise', () => {
    const parsed = parse(
      withPolicy(
        {},
        { summary: { 'total-successful-session-count': '1200', 'total-failure-session-count': 4.5 } },
      ),
    );
    expect(parsed.findings.map((f) => f.data?.actual)).toEqual([
      'a string ("1200")',
      'a number with a fraction (4.5)',
    ]);
    expect(parsed.value?.policies[0]?.successCount).toBeUndefined();
  });

  it('null for an optional string is a type error, not absence', () => {
    expect(only(withDetail({ 'receiving-mx-helo': null }), 'RPT104').data?.actual).toBe('null');
  });

  it('unknown keys are info (RPT126)', () => {
    expect(only(report({ 'x-extra': 1 }), 'RPT126').data).toEqual({ key: 'x-extra' });
  });
});

describe('RFC 8460 §4.4 misnamed keys (RPT125 instead of RPT126)', () => {
  it('reads a misnamed key in place of the missing one, so no RPT103', () => {
    const parsed = parse(
      report({
        policies: [
          entry({}, { 'failure-details': [without(detail({ 'session-count': 4 }), 'failed-session-count')] }),
        ],
      }),
    );
    expect(parsed.findings.map((f) => [f.code, f.data])).toEqual([
      ['RPT125', { key: 'session-count', expected: 'failed-session-count' }],
    ]);
    expect(parsed.value?.policies[0]?.failureDetails[0]?.['failed-session-count']).toBe(4);
  });

  it('judges the value read through a misnamed key at the misnamed key', () => {
    const parsed = parse(withDetail({ 'additional-info-uri': 'not a uri' }));
    expect(parsed.findings.map((f) => [f.code, f.path?.at(-1)])).toEqual([
      ['RPT125', 'additional-info-uri'],
      ['RPT124', 'additional-info-uri'],
    ]);
  });

  it('prefers the correct key when both are present', () => {
    const parsed = parse(withDetail({ 'failure-error-code': 'OLD', 'failure-reason-code': 'NEW' }));
    expect(parsed.findings.map((f) => f.code)).toEqual(['RPT125']);
    expect(parsed.value?.policies[0]?.failureDetails[0]?.['failure-reason-code']).toBe('NEW');
  });

  it('top-level `policy` is not read as `policies`: RPT125 and RPT103', () => {
    const value = { ...without(report(), 'policies'), policy: entry() };
    expect(codes(value).sort()).toEqual(['RPT103', 'RPT125']);
  });

  it('catches case and separator variants', () => {
    const value = { ...without(report(), 'organization-name'), Organization_Name: 'X' };
    const parsed = parse(value);
    expect(parsed.findings.map((f) => [f.code, f.data?.expected])).toEqual([['RPT125', 'organization-name']]);
    expect(parsed.value?.organizationName).toBe('X');
  });
});

describe('RFC 8460 §4.1, §4.4 date-range', () => {
  const range = (start: string, end: string) =>
    report({ 'date-range': { 'start-datetime': start, 'end-datetime': end } });

  it.each([
    ['2024-03-01T00:00:00Z', '2024-03-01T23:59:59Z'],
    ['2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z'],
    ['2024-03-01T00:00:00Z', '2024-03-01T23:59:59.999Z'],
    ['2024-03-01T02:00:00+02:00', '2024-03-02T01:59:59+02:00'],
  ])('%s – %s is one whole UTC day', (start, end) => {
    expect(codes(range(start, end))).toEqual([]);
  });

  it.each([
    ['2024-03-01T00:00:00Z', '2024-03-01T23:59:58Z'],
    ['2024-03-01T00:00:01Z', '2024-03-02T00:00:00Z'],
    ['2024-03-01T00:00:00+02:00', '2024-03-01T23:59:59+02:00'],
    ['2024-03-01T00:00:00Z', '2024-03-02T00:00:01Z'],
  ])('%s – %s is not (RPT108)', (start, end) => {
    expect(only(range(start, end), 'RPT108').data).toEqual({ start, end });
  });

  it('reads a date-time without offset as UTC (RPT106 instead of RPT105) and still judges the range', () => {
    const parsed = parse(range('2024-03-01T00:00:00', '2024-03-01T12:00:00'));
    expect(parsed.findings.map((f) => f.code)).toEqual(['RPT108', 'RPT106', 'RPT106']);
    expect(parsed.value?.dateRange?.startMs).toBe(Date.UTC(2024, 2, 1));
  });

  it('keeps an unreadable date-time as written, without milliseconds (RPT105)', () => {
    const parsed = parse(range('yesterday', '2024-03-01T23:59:59Z'));
    expect(parsed.findings.map((f) => f.code)).toEqual(['RPT105']);
    expect(parsed.value?.dateRange).toEqual({
      start: 'yesterday',
      end: '2024-03-01T23:59:59Z',
      endMs: Date.UTC(2024, 2, 1, 23, 59, 59),
    });
  });

  it('an end before the start is RPT107 only', () => {
    expect(codes(range('2024-03-02T00:00:00Z', '2024-03-01T00:00:00Z'))).toEqual(['RPT107']);
  });
});

describe('RFC 8460 §4.4 report metadata', () => {
  it.each(['https://company-x.example/', 'Company X', ''])(
    'contact-info %j is not an email address (RPT109)',
    (value) => {
      expect(only(report({ 'contact-info': value }), 'RPT109').data).toEqual({ value });
    },
  );

  it.each(['', '  '])('report-id %j is empty (RPT110)', (value) => {
    expect(codes(report({ 'report-id': value }))).toEqual(['RPT110']);
  });
});

describe('RFC 8460 §4.4, §4.5 policy', () => {
  it('policy-type outside the three values (RPT111)', () => {
    expect(only(withPolicy({ 'policy-type': 'STS' }), 'RPT111').data).toEqual({ value: 'STS' });
  });

  it('policy-domain missing is a warning (RPT112 instead of RPT103)', () => {
    const value = report({ policies: [{ ...entry(), policy: { 'policy-type': 'no-policy-found' } }] });
    const f = only(value, 'RPT112');
    expect(f.severity).toBe('warning');
    expect(f.path).toEqual(['policies', 0, 'policy']);
    expect(codes(value)).toEqual(['RPT112']);
  });

  it.each(['bücher.example', 'company-y.example/x', 'company y.example'])(
    'policy-domain %j (RPT113)',
    (domain) => {
      expect(codes(withPolicy({ 'policy-domain': domain }))).toEqual(['RPT113']);
    },
  );

  it('accepts an absolute domain name with a final dot', () => {
    expect(codes(withPolicy({ 'policy-domain': 'company-y.example.' }))).toEqual([]);
  });

  it('checks sts policy lines (RPT114) at the element', () => {
    const f = only(withPolicy({ 'policy-string': ['version: STSv1', 'mode enforce'] }), 'RPT114');
    expect(f.path).toEqual(['policies', 0, 'policy', 'policy-string', 1]);
    expect(f.data).toEqual({ line: 'mode enforce' });
  });

  it('checks tlsa entries (RPT115), not sts lines, for tlsa policies', () => {
    const policy = { 'policy-type': 'tlsa', 'policy-string': ['3 1 1 00FF', 'version: STSv1'] };
    expect(
      parse(withDetail({ 'result-type': 'tlsa-invalid' }, policy)).findings.map((f) => [f.code, f.data]),
    ).toEqual([['RPT115', { entry: 'version: STSv1' }]]);
  });

  it('policy-string missing or empty for sts/tlsa (RPT116), never for no-policy-found', () => {
    expect(only(withPolicy({ 'policy-string': [] }), 'RPT116').data).toEqual({ type: 'sts' });
    const noPolicy = {
      ...entry(),
      policy: { 'policy-type': 'no-policy-found', 'policy-domain': 'company-y.example' },
    };
    expect(codes(report({ policies: [noPolicy] }))).toEqual([]);
  });

  it('a bare policy-string is RPT104 but still read as one line', () => {
    const parsed = parse(withPolicy({ 'policy-string': 'version: STSv1' }));
    expect(parsed.findings.map((f) => [f.code, f.data?.expected])).toEqual([
      ['RPT104', 'an array of strings'],
    ]);
    expect(parsed.value?.policies[0]?.policyString).toEqual(['version: STSv1']);
  });

  it('leaves out non-string elements (RPT104 each)', () => {
    const parsed = parse(withPolicy({ 'mx-host': ['a.example', 7, 'b.example'] }));
    expect(parsed.findings.map((f) => [f.code, f.path?.at(-1)])).toEqual([['RPT104', 1]]);
    expect(parsed.value?.policies[0]?.mxHost).toEqual(['a.example', 'b.example']);
  });
});

describe('RFC 8460 §4 counts and failure details', () => {
  it('failures without details (RPT118) when failure-details is absent or empty', () => {
    expect(only(withPolicy({}, { 'failure-details': [] }), 'RPT118').data).toEqual({ n: 4 });
    const f = only(report({ policies: [without(entry(), 'failure-details')] }), 'RPT118');
    expect(f.path).toEqual(['policies', 0, 'summary', 'total-failure-session-count']);
  });

  it('no RPT118 when the failure count is 0, or failure-details is of the wrong type (RPT104 says it)', () => {
    const zero = { 'total-successful-session-count': 1, 'total-failure-session-count': 0 };
    expect(codes(report({ policies: [{ ...without(entry(), 'failure-details'), summary: zero }] }))).toEqual(
      [],
    );
    expect(codes(withPolicy({}, { 'failure-details': {} }))).toEqual(['RPT104']);
  });

  it('details that add up to more or less than the total (RPT119, info)', () => {
    const more = withPolicy(
      {},
      { 'failure-details': [detail(), detail({ 'result-type': 'certificate-host-mismatch' })] },
    );
    expect(only(more, 'RPT119').data).toEqual({ sum: 8, total: 4 });
    const less = withPolicy({}, { 'failure-details': [detail({ 'failed-session-count': 1 })] });
    expect(only(less, 'RPT119').severity).toBe('info');
  });

  it('no RPT119 when a detail count is unknown', () => {
    const value = withPolicy({}, { 'failure-details': [detail({ 'failed-session-count': 'x' }), detail()] });
    expect(codes(value)).toEqual(['RPT104']);
  });

  it('unknown result-type is a warning (RPT120) and takes part in no other rule', () => {
    expect(codes(withDetail({ 'result-type': 'certificate-revoked', 'sending-mta-ip': undefined }))).toEqual([
      'RPT120',
    ]);
  });

  it.each([
    ['sts-policy-fetch-error', 'tlsa', ['RPT127']],
    ['sts-webpki-invalid', 'tlsa', ['RPT127']],
    ['tlsa-invalid', 'sts', ['RPT127']],
    ['dane-required', 'sts', ['RPT127']],
    ['dnssec-invalid', 'sts', []],
    ['sts-policy-fetch-error', 'no-policy-found', []],
    ['certificate-expired', 'tlsa', []],
  ])('%s under %s: %j', (type, ptype, expected) => {
    const policy =
      ptype === 'tlsa'
        ? { 'policy-type': 'tlsa', 'policy-string': ['3 1 1 00FF'] }
        : { 'policy-type': ptype };
    const found = codes(withDetail({ 'result-type': type }, policy)).filter((c) => c !== 'RPT116');
    expect(found).toEqual(expected);
  });

  it('asks for failure-reason-code with certificate-not-trusted and validation-failure (RPT121)', () => {
    expect(only(withDetail({ 'result-type': 'validation-failure' }), 'RPT121').data).toEqual({
      type: 'validation-failure',
    });
    expect(
      codes(withDetail({ 'result-type': 'certificate-not-trusted', 'failure-reason-code': '' })),
    ).toEqual(['RPT121']);
    expect(
      codes(withDetail({ 'result-type': 'validation-failure', 'failure-reason-code': 'X509_V_ERR' })),
    ).toEqual([]);
  });

  it('RPT128: the RFC example names the receiving MX by host name only, which is enough', () => {
    expect(codes(withDetail({ 'receiving-ip': undefined }))).toEqual([]);
    expect(codes(withDetail({ 'receiving-mx-hostname': undefined }))).toEqual([]);
  });

  it('RPT128: a connection-level failure without the sending IP or any receiving MX', () => {
    expect(only(withDetail({ 'sending-mta-ip': undefined }), 'RPT128').data).toEqual({
      type: 'certificate-expired',
      fields: 'sending-mta-ip',
    });
    const none = {
      'sending-mta-ip': undefined,
      'receiving-ip': undefined,
      'receiving-mx-hostname': undefined,
    };
    expect(only(withDetail(none), 'RPT128').data?.fields).toBe(
      'sending-mta-ip, receiving-mx-hostname, receiving-ip',
    );
  });

  it('RPT128 never for policy-level types (Microsoft, Mail.ru)', () => {
    const bare = { 'result-type': 'sts-policy-fetch-error', 'failed-session-count': 4 };
    expect(codes(withPolicy({}, { 'failure-details': [bare] }))).toEqual([]);
  });

  it('IP addresses: invalid (RPT122, also empty), non-canonical IPv6 (RPT123), wrong type (RPT104)', () => {
    expect(only(withDetail({ 'receiving-ip': '' }), 'RPT122').data).toEqual({
      path: 'policies[0].failure-details[0].receiving-ip',
      value: '',
    });
    expect(only(withDetail({ 'sending-mta-ip': '2001:DB8::1' }), 'RPT123').data?.canonical).toBe(
      '2001:db8::1',
    );
    expect(
      codes(withDetail({ 'sending-mta-ip': 3232235777, 'result-type': 'starttls-not-supported' })),
    ).toEqual(['RPT104']);
  });
});

describe('positions: every finding has a range at its key or value, and a path', () => {
  it('marks values and keys exactly', () => {
    const text = JSON.stringify(withDetail({ 'sending-mta-ip': '198.051.100.7', 'x-note': 1 }), null, 2);
    const parsed = parseReport(text);
    const lines = text.split('\n');
    const at = (f: Finding): string =>
      lines[f.range!.start.line]!.slice(f.range!.start.character, f.range!.end.character);
    expect(parsed.findings.map((f) => [f.code, at(f)])).toEqual([
      ['RPT122', '"198.051.100.7"'],
      ['RPT126', '"x-note"'],
    ]);
  });
});

describe('the walk needs no positions (a later fast path can use JSON.parse)', () => {
  it('finds the same codes and paths from a JSON.parse value without a locator', () => {
    for (const name of [
      'RPT117--rfc-8460-appendix-b-as-published.json',
      'RPT119--details-exceed-total.json',
      'RPT125--summary-aggregates.json',
      'RPT122--sample-empty-failure-detail-fields.json',
      'RPT128--starttls-without-sending-ip.json',
    ]) {
      const text = fixture(name);
      const slow = parseReport(text);
      const fast = validateReportValue(JSON.parse(text), { rangeOf: () => undefined });
      const view = (fs: Finding[]) => fs.map((f) => `${f.code} ${JSON.stringify(f.path)}`).sort();
      expect(view(fast.findings)).toEqual(view(slow.findings));
      expect(fast.findings.every((f) => f.range === undefined)).toBe(true);
      expect(fast.report).toEqual(slow.value);
    }
  });
});
