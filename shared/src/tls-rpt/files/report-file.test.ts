import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Decompressor } from '../../gzip/decompressor.js';
import { isReportEmailFile, readReportFile } from './report-file.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(`${fixtures}${path}`));
const zlib: Decompressor = (bytes) => Promise.resolve({ ok: true, bytes: new Uint8Array(gunzipSync(bytes)) });
const google = read('report-msg/ok--sample-google-com-tlsrpt.eml');
const mailRu = read('report/ok--sample-mail-ru.json');

describe('RFC 8460 §5 report files of any kind', () => {
  it('reads .eml files, and messages under other names, as emails', async () => {
    expect(isReportEmailFile('x.EML', new Uint8Array())).toBe(true);
    expect(isReportEmailFile('saved-message', google)).toBe(true);
    expect(isReportEmailFile('x.json', google)).toBe(false);
    const email = await readReportFile('inbox/report.eml', google, { decompress: zlib });
    expect(email.kind).toBe('report-email');
    expect(email.email?.submitter).toBe('google.com');
    expect(email.value?.policies[0]?.policyDomain).toBe('cardinalhealth.ca');
    expect((await readReportFile('saved-message', google, { decompress: zlib })).kind).toBe('report-email');
  });

  it('reads .json and .json.gz, checking names that try the RFC 8460 §5.1 form', async () => {
    const plain = await readReportFile('mail.ru.json', mailRu);
    expect(plain.kind).toBe('report');
    expect(plain.findings.map((f) => f.code)).toEqual(['RPT116', 'RPT119']);
    const named = await readReportFile('dir/mail.ru!example.com!1!2.json.gz', gzipSync(mailRu), {
      decompress: zlib,
    });
    // The name is in the §5.1 form but disagrees with the report on domain and range; never RPT213 for files.
    expect(named.findings.map((f) => f.code)).toEqual(['RPT208', 'RPT208', 'RPT208', 'RPT116', 'RPT119']);
    expect(named.findings.slice(0, 3).every((f) => f.range === undefined)).toBe(true);
    const mismatch = await readReportFile('report.json.gz', mailRu);
    expect(mismatch.findings[0]).toMatchObject({ code: 'RPT212', data: { ext: '.json.gz' } });
  });

  it('says a .gz file that is neither gzip nor JSON is not gzip (RPT130), not that it is broken JSON', async () => {
    const page = new TextEncoder().encode('<html><body>502 Bad Gateway</body></html>');
    for (const name of ['report.json.gz', 'REPORT.GZ']) {
      const read = await readReportFile(name, page, { decompress: zlib });
      expect(read.findings.map((f) => f.code)).toEqual(['RPT130']);
      expect(read.value).toBeUndefined();
    }
    // The same bytes under a JSON name are broken JSON.
    expect((await readReportFile('report.json', page)).findings.map((f) => f.code)).toContain('RPT101');
  });

  it('takes the decoded text of a plain file as well as its bytes, with the same result and bound', async () => {
    const text = new TextDecoder().decode(mailRu);
    expect(await readReportFile('mail.ru.json', text)).toEqual(await readReportFile('mail.ru.json', mailRu));
    // Text under an email's name is still read as the email it is.
    const email = await readReportFile('inbox/report.eml', new TextDecoder().decode(google), {
      decompress: zlib,
    });
    expect(email.kind).toBe('report-email');
    expect(email.value?.policies[0]?.policyDomain).toBe('cardinalhealth.ca');
    const bounded = await readReportFile('mail.ru.json', text, { maxDecompressedBytes: text.length - 1 });
    expect(bounded.findings.map((f) => f.code)).toEqual(['RPT129']);
    expect(bounded.value).toBeUndefined();
    const fits = await readReportFile('mail.ru.json', text, { maxDecompressedBytes: text.length });
    expect(fits.value).toBeDefined();
  });

  it('an email saved as .json is read as JSON, and says so (RPT101)', async () => {
    const wrong = await readReportFile('report.json', google);
    expect(wrong.kind).toBe('report');
    expect(wrong.findings.some((f) => f.code === 'RPT101')).toBe(true);
  });
});
