import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReportFileName, parseReportFileName } from './file-name.js';
import type { TlsReport } from '../model/report-model.js';

const report: TlsReport = {
  contactInfo: 'smtp-tls-reporting@google.com',
  dateRange: { startMs: Date.UTC(2024, 8, 3), endMs: Date.UTC(2024, 8, 3, 23, 59, 59) },
  policies: [{ policyDomain: 'example.com', failureDetails: [] }],
};
const codes = (name: string, gzip = true, strict = true): string[] =>
  checkReportFileName(name, { gzip, report, strict }).map((f) => f.code);

describe('RFC 8460 §5.1 report file names', () => {
  it('reads the RFC example and the names Google and Microsoft use', () => {
    expect(
      parseReportFileName('mail.sndr.example.com!example.net!1470013207!1470186007!001.json.gz'),
    ).toEqual({
      sender: 'mail.sndr.example.com',
      policyDomain: 'example.net',
      beginSeconds: 1470013207,
      endSeconds: 1470186007,
      uniqueId: '001',
      extension: 'json.gz',
    });
    expect(
      parseReportFileName('reports/google.com!example.com!1725321600!1725407999!001.json.gz'),
    ).toMatchObject({
      sender: 'google.com',
    });
    expect(
      parseReportFileName('microsoft.com!example.com!1725840000!1725926399!133715927483468703.json.gz')
        ?.uniqueId,
    ).toBe('133715927483468703');
    expect(parseReportFileName('a.example!b.example!1!2.JSON')?.extension).toBe('json');
  });

  it('refuses names off the grammar: U-labels, missing parts, other extensions, spaces', () => {
    for (const name of [
      'bücher.example!example.com!1!2.json',
      'google.com!example.com!1725321600.json.gz',
      'google.com!example.com!1725321600!1725407999!001.zip',
      'google.com!example.com!1725321600!1725407999!0-1.json',
      'mail.sender.example!example.com!   1013662812!1013749130.json.gz',
      'report.json',
    ]) {
      expect(parseReportFileName(name), name).toBeUndefined();
    }
  });

  it('RPT207 for names a reporter gave; for saved files only when the name tries the form', () => {
    expect(codes('report.json.gz')).toEqual(['RPT207']);
    expect(codes('report.json.gz', true, false)).toEqual([]);
    expect(codes('google.com!example.com!x.json.gz', true, false)).toEqual(['RPT207']);
  });

  it('RPT208 for each disagreement with the report; the end may be 23:59:59 or the next 00:00:00', () => {
    expect(codes('google.com!example.com!1725321600!1725407999!001.json.gz')).toEqual([]);
    expect(codes('google.com!example.com!1725321600!1725408000!001.json.gz')).toEqual([]);
    expect(codes('GOOGLE.COM!Example.Com!1725321600!1725407999.json.gz')).toEqual([]);
    const all = checkReportFileName('mail.example!example.org!1725235200!1725321599.json.gz', {
      gzip: true,
      report,
      strict: true,
    });
    expect(all.map((f) => f.data?.what)).toEqual([
      'sender `mail.example`',
      'policy domain `example.org`',
      'begin 1725235200 (2024-09-02T00:00:00Z)',
      'end 1725321599 (2024-09-02T23:59:59Z)',
    ]);
    expect(all[0]?.message).toBe(
      'The file name says sender `mail.example` but the report says contact-info domain `google.com`; the report wins',
    );
  });

  it('RPT212 when the extension and the bytes disagree', () => {
    expect(codes('google.com!example.com!1725321600!1725407999.json.gz', false)).toEqual(['RPT212']);
    expect(codes('google.com!example.com!1725321600!1725407999.json', true)).toEqual(['RPT212']);
    expect(codes('saved.gz', false, false)).toEqual(['RPT212']);
    expect(
      checkReportFileName('saved.json', { gzip: true, report: undefined, strict: false })[0]?.message,
    ).toBe('The name says `.json` but the content is gzip-compressed');
  });

  it('never throws and fills every placeholder', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'ab.!019-json.gz/\\é'), maxLength: 60 }),
        fc.boolean(),
        (name, gzip) => {
          for (const f of checkReportFileName(name, { gzip, report, strict: true })) {
            expect(f.message).not.toMatch(/\{\w+\}/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
