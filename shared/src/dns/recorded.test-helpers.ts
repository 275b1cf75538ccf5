/**
 * The recorded DoH exchange kept as binary fixtures in shared/fixtures/dns/ (read by the DoH tests here and by the
 * Node DoH tests in lsp/): built with dns-packet directly, independent of wire.ts, so the tests compare two
 * encoders. recorded.test.ts checks the committed files still match; `WRITE_DNS_FIXTURES=1 npx vitest run
 * shared/src/dns/recorded.test.ts` rewrites them.
 */
import * as dnsPacket from '@dnsquery/dns-packet';

const name = '_mta-sts.example.com';
const opt = { type: 'OPT' as const, name: '.', udpPayloadSize: 1232, flags: dnsPacket.DNSSEC_OK, data: [] };

/** `_mta-sts.example.com TXT` as we send it: ID 0, RD, AD (RFC 6840 §5.7), EDNS(0) OPT 1232 with DO. */
export function recordedQuery(): Uint8Array {
  return dnsPacket.encode({
    type: 'query',
    id: 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA,
    questions: [{ type: 'TXT', name }],
    additionals: [opt],
  });
}

/** What a validating resolver sends back: AD, the TXT record and its RRSIG, the OPT echoed. */
export function recordedResponse(): Uint8Array {
  return dnsPacket.encode({
    type: 'response',
    id: 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | dnsPacket.AUTHENTIC_DATA,
    questions: [{ type: 'TXT', name }],
    answers: [
      { type: 'TXT', name, ttl: 3600, data: ['v=STSv1; id=20240101T000000;'] },
      {
        type: 'RRSIG',
        name,
        ttl: 3600,
        data: {
          typeCovered: 'TXT',
          algorithm: 13,
          labels: 3,
          originalTTL: 3600,
          expiration: 2000000000,
          inception: 1700000000,
          keyTag: 4242,
          signersName: 'example.com',
          signature: new Uint8Array(64).fill(0x5a),
        },
      },
    ],
    additionals: [opt],
  });
}

/** The fixture files and their generators. */
export const recordedFixtures: Record<string, () => Uint8Array> = {
  'query-mta-sts-txt.bin': recordedQuery,
  'response-mta-sts-txt.bin': recordedResponse,
};
