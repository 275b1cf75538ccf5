import { describe, expect, it } from 'vitest';
import { catalogue, isFindingCode } from '../../findings/catalogue.js';
import {
  misnamedReportKey,
  misnamedReportKeys,
  reportKeyAt,
  reportKeyOf,
  reportKeys,
  reportKeysIn,
  reportObjectKindAt,
} from './report-keys.js';
import { isPolicyType, resultTypeInfo, resultTypes } from './report-result-types.js';

describe('RFC 8460 §4.4 key table', () => {
  it('lists every key of the §4.4 template once per object', () => {
    const ids = reportKeys.map((k) => `${k.in}/${k.name}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(reportKeys).toHaveLength(24);
    expect(reportKeysIn('failure-detail').map((k) => k.name)).toEqual([
      'result-type',
      'sending-mta-ip',
      'receiving-mx-hostname',
      'receiving-mx-helo',
      'receiving-ip',
      'failed-session-count',
      'additional-information',
      'failure-reason-code',
    ]);
  });

  it('requires exactly the keys the RPT103 notes list (the two counts named), and policy-domain only with RPT112', () => {
    const required = reportKeys.filter((k) => k.whenMissing === 'RPT103').map((k) => k.name);
    expect(required.sort()).toEqual(
      [
        'organization-name',
        'date-range',
        'contact-info',
        'report-id',
        'policies',
        'start-datetime',
        'end-datetime',
        'policy',
        'policy-type',
        'summary',
        'total-successful-session-count',
        'total-failure-session-count',
        'result-type',
        'failed-session-count',
      ].sort(),
    );
    expect(reportKeys.filter((k) => k.whenMissing === 'RPT112').map((k) => k.name)).toEqual([
      'policy-domain',
    ]);
  });

  it('gives each key a catalogue code, an RFC section, a meaning, and nested objects a kind', () => {
    for (const key of reportKeys) {
      if (key.whenMissing) {
        expect(isFindingCode(key.whenMissing)).toBe(true);
      }
      expect(key.section).toMatch(/^4(\.\d)*$/);
      expect(key.meaning.length).toBeGreaterThan(10);
      expect(key.requirement === 'conditional').toBe(key.condition !== undefined);
      expect(key.type === 'object' || key.type === 'array-of-objects').toBe(key.holds !== undefined);
    }
  });

  it('names the RPT125 misnomers the catalogue lists, each standing for a real key', () => {
    for (const m of misnamedReportKeys) {
      expect(catalogue.RPT125.notes).toContain(`\`${m.name}\``);
      expect(reportKeyOf(m.in, m.expected)).toBeDefined();
      expect(reportKeyOf(m.in, m.name)).toBeUndefined();
    }
  });

  it('keeps the RFC type names that parsers mistake for keys', () => {
    expect(reportKeys.filter((k) => k.rfcTypeName).map((k) => [k.name, k.rfcTypeName])).toContainEqual([
      'additional-information',
      'additional-info-uri',
    ]);
  });
});

describe('RFC 8460 §4.4 misnamed keys (RPT125)', () => {
  it.each([
    ['failure-detail', 'failure-error-code', 'failure-reason-code'],
    ['failure-detail', 'additional-info-uri', 'additional-information'],
    ['policy', 'mx-host-pattern', 'mx-host'],
    ['summary', 'success-aggregate', 'total-successful-session-count'],
    ['report', 'policy', 'policies'],
    ['report', 'Organization-Name', 'organization-name'],
    ['report', 'organisation_name', 'organization-name'],
    ['failure-detail', 'sending_mta_ip', 'sending-mta-ip'],
  ] as const)('%s %s → %s', (kind, name, expected) => {
    expect(misnamedReportKey(kind, name)?.expected).toBe(expected);
  });

  it('does not read top-level `policy` in place of `policies` (the shape differs)', () => {
    expect(misnamedReportKey('report', 'policy')?.alias).toBe(false);
  });

  it.each([
    ['report', 'organization-name'],
    ['report', 'report-version'],
    ['policy-entry', 'policies'],
    ['summary', 'session-count'],
  ] as const)('%s %s is not misnamed', (kind, name) => {
    expect(misnamedReportKey(kind, name)).toBeUndefined();
  });
});

describe('JSON paths to knowledge (hover)', () => {
  it.each([
    [[], 'report'],
    [['date-range'], 'date-range'],
    [['policies', 2], 'policy-entry'],
    [['policies', 0, 'policy'], 'policy'],
    [['policies', 0, 'summary'], 'summary'],
    [['policies', 0, 'failure-details', 3], 'failure-detail'],
    [['policies', 'x'], undefined],
    [['policies', 0, 'failure-details'], undefined],
  ] as const)('%j is a %s', (path, kind) => {
    expect(reportObjectKindAt(path)).toBe(kind);
  });

  it('finds the key at the end of a path', () => {
    expect(reportKeyAt(['policies', 0, 'summary', 'total-failure-session-count'])?.section).toBe('4.2.2');
    expect(reportKeyAt(['date-range', 'start-datetime'])?.type).toBe('date-time');
    expect(reportKeyAt(['policies', 0])).toBeUndefined();
    expect(reportKeyAt(['nope'])).toBeUndefined();
  });
});

describe('RFC 8460 §4.3 and §6.6 result types', () => {
  it('has the eleven registered values', () => {
    expect(resultTypes.map((r) => r.value)).toEqual([
      'starttls-not-supported',
      'certificate-host-mismatch',
      'certificate-expired',
      'certificate-not-trusted',
      'validation-failure',
      'tlsa-invalid',
      'dnssec-invalid',
      'dane-required',
      'sts-policy-fetch-error',
      'sts-policy-invalid',
      'sts-webpki-invalid',
    ]);
  });

  it('asks for failure-reason-code exactly where §4.3.1 and §4.3.3 say SHOULD', () => {
    expect(resultTypes.filter((r) => r.wantsReasonCode).map((r) => r.value)).toEqual([
      'certificate-not-trusted',
      'validation-failure',
    ]);
  });

  it('marks the connection-level types the RPT128 rule names', () => {
    expect(resultTypes.filter((r) => r.connectionLevel).map((r) => r.value)).toEqual([
      'starttls-not-supported',
      'certificate-host-mismatch',
      'certificate-expired',
      'certificate-not-trusted',
      'validation-failure',
      'tlsa-invalid',
    ]);
  });

  it('looks values up case-sensitively', () => {
    expect(resultTypeInfo('tlsa-invalid')?.policyType).toBe('tlsa');
    expect(resultTypeInfo('TLSA-invalid')).toBeUndefined();
    expect(isPolicyType('no-policy-found')).toBe(true);
    expect(isPolicyType('STS')).toBe(false);
  });
});
