import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readZoneTxtRecords, zoneOriginOfFileName, zoneValueOffsets } from './zone-file.js';
import { lintZoneFile } from '../lint/zone.js';
import { createLineIndex } from '../text/line-index.js';

const zone = [
  '$ORIGIN example.com.',
  '$TTL 3600',
  '@        IN SOA ns1 hostmaster ( 1 7200 900',
  '                1209600 300 )',
  '_mta-sts IN TXT "v=STSv1; " "id=2024\\059x"   ; split in two strings',
  '_smtp._tls.example.com. 300 IN TXT ( "v=TLSRPTv1;"',
  '         "rua=mailto:tls@example.com" )',
  '         TXT "second \\"quoted\\" string"',
  'www      CNAME example.net.',
].join('\n');

describe('RFC 1035 §5.1 zone file TXT records', () => {
  const records = readZoneTxtRecords(zone);

  it('makes owners absolute and joins the strings of each record', () => {
    expect(records.map((r) => [r.owner, r.value])).toEqual([
      ['_mta-sts.example.com', 'v=STSv1; id=2024;x'],
      ['_smtp._tls.example.com', 'v=TLSRPTv1;rua=mailto:tls@example.com'],
      ['_smtp._tls.example.com', 'second "quoted" string'],
    ]);
  });

  it('maps value offsets back through quotes and escapes', () => {
    const sts = records[0]!;
    const at = (i: number, j: number): string => zone.slice(...zoneValueOffsets(sts, i, j));
    expect(at(0, 7)).toBe('v=STSv1');
    expect(at(9, 18)).toBe('id=2024\\059x');
    expect(at(16, 17)).toBe('\\059');
    const rpt = records[1]!;
    expect(zone.slice(...zoneValueOffsets(rpt, 11, 37))).toBe('rua=mailto:tls@example.com');
  });

  it('takes the origin from the file name when the file sets none', () => {
    expect(zoneOriginOfFileName('/etc/bind/db.example.org')).toBe('example.org');
    expect(zoneOriginOfFileName('example.org.zone')).toBe('example.org');
    const [r] = readZoneTxtRecords('_mta-sts TXT "v=STSv1; id=1"\n', 'example.org');
    expect(r?.owner).toBe('_mta-sts.example.org');
  });

  it('lints the records in place, with ranges and fixes in the file', () => {
    const text = '_mta-sts.example.com. IN TXT "v=STSv1 ;" "id=1"\n';
    const lint = lintZoneFile(text);
    expect(lint.records.map((r) => r.kind)).toEqual(['sts-record']);
    const sts006 = lint.findings.find((f) => f.code === 'STS006');
    const index = createLineIndex(text);
    expect(sts006).toBeDefined();
    const r = sts006!.range!;
    expect(text.slice(index.offsetAt(r.start), index.offsetAt(r.end))).toBe(' ');
    expect(sts006!.fix?.edits).toHaveLength(1);
  });

  it('never throws, and every range lies inside the text', () => {
    const piece = fc.constantFrom(
      '_mta-sts',
      '_smtp._tls',
      'IN',
      'TXT',
      '"v=STSv1;',
      '"',
      '\\',
      '\\0',
      '\\059',
      '(',
      ')',
      ';',
      ' ',
      '\t',
      '\n',
      '\r\n',
      '$ORIGIN',
      'example.com.',
      '@',
      'id=1"',
      'v=TLSRPTv1;',
      'x',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        for (const record of readZoneTxtRecords(text)) {
          for (let i = 0; i <= record.value.length; i++) {
            const [s, e] = zoneValueOffsets(record, i, record.value.length);
            expect(s).toBeGreaterThanOrEqual(0);
            expect(e).toBeLessThanOrEqual(text.length);
            expect(s).toBeLessThanOrEqual(e);
          }
        }
        const index = createLineIndex(text);
        for (const f of lintZoneFile(text).findings) {
          expect(index.offsetAt(f.range!.end)).toBeLessThanOrEqual(text.length);
          expect(index.offsetAt(f.range!.start)).toBeLessThanOrEqual(index.offsetAt(f.range!.end));
        }
      }),
    );
  });
});
