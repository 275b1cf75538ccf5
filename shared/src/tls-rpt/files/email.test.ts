import { testGunzip } from '../../gzip/node-gunzip.test-helpers.js';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createLineIndex } from '../../text/line-index.js';
import { looksLikeEmail, readReportEmail } from './email.js';
import { parseMediaType } from '../../text/media-type.js';
import { checkReportHeaders, dkimTags, isReportSubject } from './email-headers.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/report-msg/', import.meta.url));
const google = new Uint8Array(readFileSync(`${fixtures}ok--sample-google-com-tlsrpt.eml`));
const zlib = testGunzip;
const codes = (findings: { code: string }[]): string[] => findings.map((f) => f.code);

const report = JSON.stringify({
  'organization-name': 'Example Sender Inc.',
  'date-range': { 'start-datetime': '2024-09-03T00:00:00Z', 'end-datetime': '2024-09-03T23:59:59Z' },
  'contact-info': 'tlsrpt@sender.example',
  'report-id': 'r1',
  policies: [
    {
      policy: { 'policy-type': 'no-policy-found', 'policy-domain': 'example.net' },
      summary: { 'total-successful-session-count': 3, 'total-failure-session-count': 0 },
    },
  ],
});

/** A report email in the RFC 8460 §5.3.1 shape; each argument replaces one piece. */
function message(parts: {
  contentType?: string;
  headers?: string;
  partType?: string;
  fileName?: string | null;
  content?: Uint8Array;
  subject?: string;
}): Uint8Array {
  const content = parts.content ?? gzipSync(report);
  const disposition =
    parts.fileName === null
      ? ''
      : `Content-Disposition: attachment; filename="${parts.fileName ?? 'sender.example!example.net!1725321600!1725407999.json.gz'}"\r\n`;
  const text = [
    'From: tlsrpt@sender.example',
    `Subject: ${parts.subject ?? 'Report Domain: example.net Submitter: sender.example Report-ID: <r1@sender.example>'}`,
    parts.headers ?? 'TLS-Report-Domain: example.net\r\nTLS-Report-Submitter: sender.example',
    'MIME-Version: 1.0',
    `Content-Type: ${parts.contentType ?? 'multipart/report; report-type=tlsrpt; boundary="b"'}`,
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'This is an aggregate TLS report from sender.example',
    '--b',
    `Content-Type: ${parts.partType ?? 'application/tlsrpt+gzip'}`,
    'Content-Transfer-Encoding: base64',
    `${disposition}`,
    Buffer.from(content).toString('base64'),
    '--b--',
    '',
  ].join('\r\n');
  return new TextEncoder().encode(text);
}

describe('RFC 8460 §5.3 emailed reports', () => {
  const original = fileURLToPath(
    new URL('../../../../test/fixtures/samples/google.com-tlsrpt.eml', import.meta.url),
  );
  it('the fixture is a copy of the Google sample in test/fixtures/samples', () => {
    expect(readFileSync(original)).toEqual(Buffer.from(google));
  });

  it('reads the Google sample: the gzip attachment, its metadata, no findings', async () => {
    const read = await readReportEmail(google, { decompress: zlib });
    expect(read.findings).toEqual([]);
    expect(read.value?.organizationName).toBe('Google Inc.');
    expect(read.value?.policies).toEqual([
      {
        policyType: 'no-policy-found',
        policyDomain: 'cardinalhealth.ca',
        successCount: 48,
        failureCount: 0,
        failureDetails: [],
      },
    ]);
    expect(read.email).toMatchObject({
      reportDomain: 'cardinalhealth.ca',
      submitter: 'google.com',
      from: 'noreply-smtp-tls-reporting@google.com',
      part: {
        mediaType: 'application/tlsrpt+gzip',
        fileName: 'google.com!cardinalhealth.ca!1725321600!1725407999!001.json.gz',
        gzip: true,
      },
    });
    expect(read.text).toContain('"organization-name":"Google Inc."');
  });

  it('reads an application/tlsrpt+json part and says it is not compressed (RPT213)', async () => {
    const read = await readReportEmail(
      message({
        partType: 'application/tlsrpt+json',
        fileName: 'sender.example!example.net!1725321600!1725407999.json',
        content: new TextEncoder().encode(report),
      }),
    );
    expect(codes(read.findings)).toEqual(['RPT213']);
    expect(read.value?.reportId).toBe('r1');
  });

  it('tolerates application/gzip, application/json and application/tlsrpt (RPT202)', async () => {
    for (const partType of ['application/gzip', 'application/json', 'application/tlsrpt']) {
      const gzip = partType === 'application/gzip';
      const read = await readReportEmail(
        message({
          partType,
          fileName: `sender.example!example.net!1725321600!1725407999.json${gzip ? '.gz' : ''}`,
          content: gzip ? gzipSync(report) : new TextEncoder().encode(report),
        }),
        { decompress: zlib },
      );
      expect(codes(read.findings).filter((c) => c !== 'RPT213')).toEqual(['RPT202']);
      expect(read.value?.reportId).toBe('r1');
    }
  });

  it('prefers the registered type when several parts could be the report', async () => {
    const bytes = new TextDecoder().decode(message({}));
    const extra = `--b\r\nContent-Type: application/json\r\nContent-Disposition: attachment; filename="x.json"\r\n\r\n{}\r\n--b--`;
    const read = await readReportEmail(new TextEncoder().encode(bytes.replace('--b--', extra)), {
      decompress: zlib,
    });
    expect(read.findings).toEqual([]);
    expect(read.value?.reportId).toBe('r1');
  });

  it('a message without a report part is RPT214, naming the parts it has', async () => {
    const read = await readReportEmail(message({ partType: 'application/zip', fileName: 'report.zip' }));
    expect(read.value).toBeUndefined();
    expect(read.findings.at(-1)).toMatchObject({
      code: 'RPT214',
      data: { reason: expect.stringContaining('application/zip') as unknown },
    });
  });

  it('bounds the message size (RPT214)', async () => {
    const read = await readReportEmail(google, { maxEmailBytes: 1000 });
    expect(codes(read.findings)).toEqual(['RPT214']);
    expect(read.findings[0]?.message).toContain('larger than');
  });

  it('passes the report bounds on: a gzip bomb in the attachment is RPT129', async () => {
    const bomb = gzipSync(Buffer.alloc(1 << 20, 0x20));
    const read = await readReportEmail(message({ content: bomb }), {
      decompress: (bytes, { maxOutputBytes }) =>
        Promise.resolve(
          gunzipSync(bytes).length > maxOutputBytes
            ? { ok: false, kind: 'too-large', limit: maxOutputBytes }
            : { ok: true, bytes: new Uint8Array(gunzipSync(bytes)) },
        ),
      maxDecompressedBytes: 1000,
    });
    expect(codes(read.findings)).toContain('RPT129');
    expect(read.value).toBeUndefined();
  });

  it('checks the attachment name against the report (RPT207, RPT208, RPT212)', async () => {
    const name = async (fileName: string): Promise<string[]> =>
      codes((await readReportEmail(message({ fileName }), { decompress: zlib })).findings);
    expect(await name('report.json.gz')).toEqual(['RPT207']);
    expect(await name('other.example!example.net!1725321600!1725407999.json.gz')).toEqual(['RPT208']);
    expect(await name('sender.example!example.net!1725321600!1725408000.json.gz')).toEqual([]);
    expect(await name('sender.example!example.net!1725321600!1725407999.json')).toEqual(['RPT212']);
  });

  it('never rejects, and report ranges stay inside the decoded report', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: google.length }),
        fc.nat({ max: 60 }),
        fc.string({ unit: fc.constantFrom(...'\r\n:;="-bBoundary=/+ abc'), maxLength: 12 }),
        async (at, cut, insert) => {
          const text = new TextDecoder('latin1').decode(google);
          const mutated = text.slice(0, at) + insert + text.slice(at + cut);
          const read = await readReportEmail(new TextEncoder().encode(mutated), { decompress: zlib });
          const index = read.text === undefined ? undefined : createLineIndex(read.text);
          for (const f of read.findings) {
            expect(f.message).not.toMatch(/\{\w+\}/);
            if (f.range) {
              expect(index).toBeDefined();
              expect(index!.offsetAt(f.range.end)).toBeLessThanOrEqual(read.text!.length);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        const read = await readReportEmail(bytes);
        expect(Array.isArray(read.findings)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('RFC 8460 §5.3 message headers', () => {
  const headers = (lines: Record<string, string>): { key: string; value: string }[] =>
    Object.entries(lines).map(([key, value]) => ({ key: key.toLowerCase(), value }));

  it('reads media type parameters, quoted or not, case-insensitive names', () => {
    expect(parseMediaType('Multipart/Report; Report-Type="tlsrpt"; boundary="a;b"')).toEqual({
      type: 'multipart/report',
      params: { 'report-type': 'tlsrpt', boundary: 'a;b' },
    });
    expect(parseMediaType('multipart/report; boundary=x; report-type=TLSRPT')?.params['report-type']).toBe(
      'TLSRPT',
    );
  });

  it('the Subject form: keywords case-sensitive, Report-ID in angle brackets (RPT206)', () => {
    expect(
      isReportSubject(
        'Report Domain: example.net Submitter: mail.sender.example.com Report-ID: <735ff.e317+bf22029@example.net>',
      ),
    ).toBe(true);
    expect(
      isReportSubject('Report Domain: example.net  Submitter: s.example  Report-ID: <a@[192.0.2.1]> '),
    ).toBe(true);
    expect(isReportSubject('report domain: example.net Submitter: s.example Report-ID: <a@b>')).toBe(false);
    expect(
      isReportSubject('Report Domain: example.net Submitter: s.example Report-ID: 1337+example.net'),
    ).toBe(false);
    expect(isReportSubject('Report Domain:example.net Submitter: s.example Report-ID: <a@b>')).toBe(false);
  });

  it('reads DKIM tags across folding', () => {
    expect(dkimTags('v=1; d=example.com;\r\n\tl=12;  bh=ab\r\n cd=;').get('bh')).toBe('abcd=');
  });

  it('compares domains without case or final dot (RPT204, RPT205 stay silent)', () => {
    const findings = checkReportHeaders({
      headers: headers({
        'Content-Type': 'multipart/report; report-type=tlsrpt',
        'TLS-Report-Domain': 'EXAMPLE.net.',
        'TLS-Report-Submitter': 'Sender.Example',
      }),
      subject: 'Report Domain: example.net Submitter: sender.example Report-ID: <a@b>',
      report: {
        contactInfo: 'tlsrpt@sender.example',
        policies: [{ policyDomain: 'example.net', failureDetails: [] }],
      },
    });
    expect(findings).toEqual([]);
  });

  it('an empty TLS-Report-Domain is missing (RPT203); a report-type other than tlsrpt is RPT201', () => {
    const findings = checkReportHeaders({
      headers: headers({
        'Content-Type': 'multipart/report; report-type=delivery-status',
        'TLS-Report-Domain': ' ',
        'TLS-Report-Submitter': 'sender.example',
      }),
      subject: 'Report Domain: example.net Submitter: sender.example Report-ID: <a@b>',
      report: undefined,
    });
    expect(codes(findings)).toEqual(['RPT201', 'RPT203']);
  });
});

describe('recognising a saved email', () => {
  it('by its header fields, never JSON, gzip, records or policies', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(looksLikeEmail(google)).toBe(true);
    expect(looksLikeEmail(enc('From: a@b\r\nMIME-Version: 1.0\r\n'))).toBe(true);
    expect(looksLikeEmail(enc('{"organization-name": "x"}'))).toBe(false);
    expect(looksLikeEmail(enc('version: STSv1\nmode: enforce\nmx: mx.example\nmax_age: 86400\n'))).toBe(
      false,
    );
    expect(looksLikeEmail(enc('v=TLSRPTv1; rua=mailto:a@b'))).toBe(false);
    expect(looksLikeEmail(gzipSync('From: a@b\r\nMIME-Version: 1.0\r\n'))).toBe(false);
  });
});

describe('RFC 8460 §5.3 bounds on the MIME structure (RPT214)', () => {
  const message = (body: string, boundary = 'B'): Uint8Array =>
    new TextEncoder().encode(
      `From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type="tlsrpt"; boundary="${boundary}"\r\n\r\n${body}`,
    );
  it('refuses a message of more MIME parts than a report email has, before the MIME parser runs', async () => {
    const read = await readReportEmail(message(`${'--B\r\n\r\n'.repeat(200_000)}--B--\r\n`));
    expect(read.findings.map((f) => [f.code, f.data?.reason])).toEqual([
      ['RPT214', 'it has more than 100 MIME parts (a report email has two or three)'],
    ]);
  });

  it('refuses more nested multipart boundaries than a report email has', async () => {
    let body = '';
    for (let i = 0; i < 12; i++) {
      body += `--B${i}\r\nContent-Type: multipart/mixed; boundary="B${i + 1}"\r\n\r\n`;
    }
    const read = await readReportEmail(message(body, 'B0'));
    expect(read.findings.map((f) => f.code)).toEqual(['RPT214']);
    expect(read.findings[0]?.data?.reason).toMatch(/more than 8 multipart boundaries/);
  });
});
