import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { responsePacket, rrsig, soa } from './packets.test-helpers.js';
import type { DnsRecord } from './resolver.js';
import { decodeMessage, encodeMessage, encodeQuery, type DnsMessage } from './wire.js';

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

describe('RFC 8484 §4.1 query encoding (doh.md §1.1 test vectors)', () => {
  it('www.example.com A, ID 0, RD: the RFC 8484 §4.1.1 example', () => {
    const bytes = encodeQuery('www.example.com', 'A', { authenticData: false, dnssecOk: false });
    expect(b64url(bytes)).toBe('AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB');
  });

  it('_smtp._tls.example.com TXT, ID 0, RD', () => {
    const bytes = encodeQuery('_smtp._tls.example.com', 'TXT', { authenticData: false, dnssecOk: false });
    expect(b64url(bytes)).toBe('AAABAAABAAAAAAAABV9zbXRwBF90bHMHZXhhbXBsZQNjb20AABAAAQ');
  });

  it('_mta-sts.example.com TXT with the default flags: RD+AD, OPT 1232 with DO', () => {
    expect(b64url(encodeQuery('_mta-sts.example.com', 'TXT'))).toBe(
      'AAABIAABAAAAAAABCF9tdGEtc3RzB2V4YW1wbGUDY29tAAAQAAEAACkE0AAAgAAAAA',
    );
  });

  it('CD=1 sets bit 0x0010 and nothing else', () => {
    const plain = encodeQuery('example.com', 'TLSA');
    const cd = encodeQuery('example.com', 'TLSA', { checkingDisabled: true });
    expect(cd[3]! ^ plain[3]!).toBe(0x10);
    expect(cd.slice(4)).toEqual(plain.slice(4));
  });
});

function message(answers: DnsRecord[], authorities: DnsRecord[] = []): DnsMessage {
  return {
    id: 0,
    qr: true,
    opcode: 0,
    aa: false,
    tc: false,
    rd: true,
    ra: true,
    ad: true,
    cd: false,
    rcode: 'NOERROR',
    questions: [{ name: answers[0]?.name ?? 'example.com', type: 1 }],
    answers,
    authorities,
  };
}

describe('RFC 1035 §4.1 codec round trips (encode → decode → encode)', () => {
  const longText =
    'v=TLSRPTv1; rua=' + Array.from({ length: 12 }, (_, i) => `mailto:tlsrpt-${i}@example.com`).join(',');
  const cases: [string, DnsRecord][] = [
    ['A', { name: 'example.com', ttl: 300, type: 'A', data: '192.0.2.1' }],
    ['AAAA', { name: 'example.com', ttl: 300, type: 'AAAA', data: '2001:db8::25' }],
    ['CNAME', { name: '_mta-sts.example.com', ttl: 60, type: 'CNAME', data: '_mta-sts.provider.example' }],
    ['NS', { name: 'example.com', ttl: 86400, type: 'NS', data: 'ns1.example.net' }],
    [
      'MX',
      { name: 'example.com', ttl: 3600, type: 'MX', data: { preference: 10, exchange: 'mx1.example.com' } },
    ],
    ['Null MX', { name: 'example.com', ttl: 3600, type: 'MX', data: { preference: 0, exchange: '.' } }],
    [
      'TXT (three strings, 300+ bytes)',
      {
        name: '_smtp._tls.example.com',
        ttl: 3600,
        type: 'TXT',
        strings: [longText.slice(0, 255), longText.slice(255), ''],
        text: longText,
        ascii: true,
      },
    ],
    [
      'TLSA',
      {
        name: '_25._tcp.mx1.example.com',
        ttl: 300,
        type: 'TLSA',
        data: { usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) },
      },
    ],
    ['SOA', { name: 'example.com', ttl: 900, type: 'SOA', data: { mname: 'ns1.example.com', minimum: 300 } }],
  ];

  it.each(cases)('%s', (_, record) => {
    const first = encodeMessage(message([record]));
    const decoded = decodeMessage(first);
    expect(decoded.ok && decoded.message.answers).toEqual([record]);
    expect(encodeMessage((decoded as { message: DnsMessage }).message)).toEqual(first);
  });

  it('keeps several TXT RRs apart (two v=STSv1 records are not one split record)', () => {
    const a: DnsRecord = {
      name: 'x.example',
      ttl: 1,
      type: 'TXT',
      strings: ['v=STSv1; ', 'id=1'],
      text: 'v=STSv1; id=1',
      ascii: true,
    };
    const b: DnsRecord = {
      name: 'x.example',
      ttl: 1,
      type: 'TXT',
      strings: ['v=STSv1; id=2'],
      text: 'v=STSv1; id=2',
      ascii: true,
    };
    const decoded = decodeMessage(encodeMessage(message([a, b])));
    expect(decoded.ok && decoded.message.answers).toEqual([a, b]);
  });
});

describe('RFC 1035 §4.1 decoding responses built by dns-packet', () => {
  it('reads flags, RCODE, lower-cases names and skips RRSIGs as OTHER', () => {
    const bytes = responsePacket(
      { name: '_MTA-STS.Example.COM', type: 'TXT' },
      {
        ad: true,
        answers: [
          { type: 'TXT', name: '_MTA-STS.Example.COM', ttl: 300, data: ['v=STSv1; id=2024'] },
          rrsig('_mta-sts.example.com', 'TXT'),
        ],
      },
    );
    const decoded = decodeMessage(bytes);
    if (!decoded.ok) {
      throw new Error(decoded.message);
    }
    expect(decoded.message).toMatchObject({
      qr: true,
      ad: true,
      tc: false,
      rd: true,
      ra: true,
      rcode: 'NOERROR',
    });
    expect(decoded.message.questions).toEqual([{ name: '_mta-sts.example.com', type: 16 }]);
    expect(decoded.message.answers).toEqual([
      {
        name: '_mta-sts.example.com',
        ttl: 300,
        type: 'TXT',
        strings: ['v=STSv1; id=2024'],
        text: 'v=STSv1; id=2024',
        ascii: true,
      },
      { name: '_mta-sts.example.com', ttl: 300, type: 'OTHER', typeNumber: 46 },
    ]);
  });

  it('flags non-ASCII TXT bytes', () => {
    const bytes = responsePacket(
      { name: 'x.example', type: 'TXT' },
      { answers: [{ type: 'TXT', name: 'x.example', ttl: 1, data: [new Uint8Array([0x76, 0xe9])] }] },
    );
    const decoded = decodeMessage(bytes);
    expect(decoded.ok && decoded.message.answers[0]).toMatchObject({
      type: 'TXT',
      ascii: false,
      text: 'v\uFFFD',
    });
  });

  it('decodes TLSA RDATA itself (the codec returns raw bytes)', () => {
    const bytes = responsePacket(
      { name: '_25._tcp.mx.example', type: 'TLSA' },
      {
        answers: [
          { type: 'TLSA', name: '_25._tcp.mx.example', ttl: 60, data: new Uint8Array([2, 0, 2, 0xde, 0xad]) },
        ],
      },
    );
    const decoded = decodeMessage(bytes);
    expect(decoded.ok && decoded.message.answers[0]).toEqual({
      name: '_25._tcp.mx.example',
      ttl: 60,
      type: 'TLSA',
      data: { usage: 2, selector: 0, matchingType: 2, data: 'dead' },
    });
  });

  it('reads the SOA of a negative answer and treats a TTL with the top bit set as 0 (RFC 2181 §8)', () => {
    const bytes = responsePacket(
      { name: 'nx.example', type: 'A' },
      { rcode: 'NXDOMAIN', authorities: [soa('example', 3600, 300)] },
    );
    // header 12 + question "nx.example" (12) + QTYPE/QCLASS 4 + owner "example" (9) + TYPE/CLASS 4 → TTL at 41
    bytes.set([0x80, 0, 0, 1], 41);
    const decoded = decodeMessage(bytes);
    expect(decoded.ok && decoded.message.rcode).toBe('NXDOMAIN');
    expect(decoded.ok && decoded.message.authorities).toEqual([
      { name: 'example', ttl: 0, type: 'SOA', data: { mname: 'ns1.example', minimum: 300 } },
    ]);
  });

  it('combines the OPT extended RCODE (RFC 6891 §6.1.3): BADVERS is 16', () => {
    const bytes = encodeQuery('example.com', 'A');
    bytes[2]! |= 0x80; // QR
    bytes.set([1], bytes.length - 6); // the OPT TTL's first octet: extended RCODE 1
    const decoded = decodeMessage(bytes);
    expect(decoded.ok && decoded.message.rcode).toBe('RCODE16');
  });
});

describe('RFC 1035 §4.1.4 malformed messages', () => {
  const good = responsePacket(
    { name: 'example.com', type: 'A' },
    { answers: [{ type: 'A', name: 'example.com', ttl: 60, data: '192.0.2.1' }] },
  );

  it('rejects a short header and every truncation of a good message', () => {
    expect(decodeMessage(new Uint8Array(11)).ok).toBe(false);
    for (let cut = 0; cut < good.length; cut++) {
      expect(decodeMessage(good.subarray(0, cut)).ok, `cut ${cut}`).toBe(false);
    }
    expect(decodeMessage(good).ok).toBe(true);
  });

  it('rejects an A record whose RDLENGTH is not 4', () => {
    const bytes = new Uint8Array([...good, 0]);
    bytes[good.length - 5] = 5; // RDLENGTH low octet
    expect(decodeMessage(bytes)).toMatchObject({
      ok: false,
      message: expect.stringContaining('wrong length') as string,
    });
  });

  const withOwner = (owner: number[]): Uint8Array => {
    const header = [0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
    const question = [7, ...Buffer.from('example'), 3, ...Buffer.from('com'), 0, 0, 1, 0, 1];
    return new Uint8Array([...header, ...question, ...owner, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
  };

  it('follows a backward compression pointer', () => {
    const decoded = decodeMessage(withOwner([0xc0, 12]));
    expect(decoded.ok && decoded.message.answers).toEqual([
      { name: 'example.com', ttl: 60, type: 'A', data: '192.0.2.1' },
    ]);
  });

  it('rejects a compression pointer at itself, forward, or out of range', () => {
    expect(decodeMessage(withOwner([0xc0, 29])).ok).toBe(false);
    expect(decodeMessage(withOwner([0xc0, 31])).ok).toBe(false);
    expect(decodeMessage(withOwner([0xff, 0xff])).ok).toBe(false);
  });

  it('never throws, on random bytes or on mutated good messages', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        decodeMessage(bytes);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.nat(255)), { maxLength: 6 }), (edits) => {
        const bytes = new Uint8Array(good);
        for (const [at, value] of edits) {
          bytes[at] = value;
        }
        decodeMessage(bytes);
      }),
      { numRuns: 300 },
    );
  });
});
