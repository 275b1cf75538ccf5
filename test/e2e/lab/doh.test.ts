/**
 * The core's DoH client (RFC 8484) with the CLI's Node fetch against a real resolver: unbound in the lab, which
 * speaks HTTP/2 only, validates DNSSEC and chases CNAMEs across zones. Every case runs with GET and with POST.
 */
import { readFileSync } from 'node:fs';
import { createDohResolver, type DnsAnswer, type DnsResult, type Resolver } from '@sts-inspector/shared';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeDohFetch } from '../../../lsp/src/node/doh-fetch.js';
import { labFromSetup } from '../../helpers/lab.js';

const lab = labFromSetup(inject('lab'));

/** The zones' default TTL and SOA minimum (test/lab/dns.sh). */
const zoneTtl = 86400;
const negativeTtl = 300;

function answer(result: DnsResult): DnsAnswer {
  if (!result.ok) {
    throw new Error(`${result.question.name} ${result.question.type}: ${result.kind}: ${result.message}`);
  }
  return result;
}

function texts(result: DnsResult): string[] {
  return answer(result).records.flatMap((r) => (r.type === 'TXT' ? [r.text] : []));
}

describe.skipIf(!lab).each(['GET', 'POST'] as const)('RFC 8484 DoH %s against unbound', (method) => {
  let resolver: Resolver;
  beforeAll(() => {
    resolver = createDohResolver({
      endpoint: lab!.dohUrl,
      method,
      fetch: createNodeDohFetch({ ca: readFileSync(lab!.caFile, 'utf8') }),
    });
  });

  describe('RFC 1035 §4.1.1 RCODEs', () => {
    it('NOERROR with the records of the zone, their TTL counting down from the zone', async () => {
      const result = answer(await resolver.query('_mta-sts.enforce.test', 'TXT'));
      expect(result).toMatchObject({
        rcode: 'NOERROR',
        tc: false,
        cnames: [],
        canonicalName: '_mta-sts.enforce.test',
      });
      expect(texts(result)).toEqual(['v=STSv1; id=20240601T000000Z;']);
      expect(result.ttl).toBeLessThanOrEqual(zoneTtl);
      // Cached no earlier than the lab started, so it has aged at most that long.
      const secondsUp = Math.ceil((Date.now() - lab!.startedAt) / 1000);
      expect(result.ttl).toBeGreaterThanOrEqual(zoneTtl - secondsUp);
    });

    it('NOERROR without records (NODATA), living as long as the SOA minimum (RFC 2308 §5)', async () => {
      const result = answer(await resolver.query('enforce.test', 'AAAA'));
      expect(result).toMatchObject({ rcode: 'NOERROR', records: [] });
      expect(result.ttl).toBeGreaterThan(0);
      expect(result.ttl).toBeLessThanOrEqual(negativeTtl);
    });

    it('NXDOMAIN for a name that does not exist', async () => {
      const result = answer(await resolver.query('mta-sts.no-policy-host.test', 'A'));
      expect(result).toMatchObject({ rcode: 'NXDOMAIN', records: [] });
      expect(result.ttl).toBeLessThanOrEqual(negativeTtl);
    });

    it('SERVFAIL for a zone whose signatures expired', async () => {
      expect(answer(await resolver.query('_mta-sts.servfail.test', 'TXT'))).toMatchObject({
        rcode: 'SERVFAIL',
        records: [],
      });
    });

    it('REFUSED for a name outside the lab', async () => {
      expect(answer(await resolver.query('example.com', 'A')).rcode).toBe('REFUSED');
    });
  });

  describe('RFC 4035 §3.2.3 the AD bit', () => {
    it('is set on TLSA, MX and A answers from a signed zone the resolver validated', async () => {
      const tlsa = answer(await resolver.query('_25._tcp.mx1.dane.test', 'TLSA'));
      expect(tlsa).toMatchObject({ rcode: 'NOERROR', ad: true });
      expect(tlsa.records).toEqual([
        expect.objectContaining({
          type: 'TLSA',
          data: { usage: 3, selector: 1, matchingType: 1, data: lab!.mxKeySha256 },
        }),
      ]);
      expect(answer(await resolver.query('dane.test', 'MX')).ad).toBe(true);
      expect(answer(await resolver.query('mx2.dane.test', 'A')).ad).toBe(true);
    });

    it('is set on a validated NXDOMAIN (NSEC proof)', async () => {
      expect(answer(await resolver.query('_25._tcp.nowhere.dane.test', 'TLSA'))).toMatchObject({
        rcode: 'NXDOMAIN',
        ad: true,
      });
    });

    it('is clear on answers from an unsigned zone', async () => {
      expect(answer(await resolver.query('_25._tcp.mail.tlsa-unsigned.test', 'TLSA'))).toMatchObject({
        rcode: 'NOERROR',
        ad: false,
      });
    });

    it('a bogus answer is SERVFAIL, and with CD=1 the unvalidated record (RFC 4035 §3.2.2)', async () => {
      const name = '_25._tcp.mail.dane-bogus.test';
      expect(answer(await resolver.query(name, 'TLSA')).rcode).toBe('SERVFAIL');
      const unchecked = answer(await resolver.query(name, 'TLSA', { checkingDisabled: true }));
      expect(unchecked).toMatchObject({ rcode: 'NOERROR', ad: false });
      expect(unchecked.records).toEqual([
        expect.objectContaining({ data: { usage: 3, selector: 1, matchingType: 1, data: '0'.repeat(64) } }),
      ]);
    });
  });

  describe('RFC 1034 §3.6.2 CNAME chains', () => {
    it('follows an alias into another zone', async () => {
      const result = answer(await resolver.query('_mta-sts.cname.test', 'TXT'));
      expect(result.cnames).toEqual([
        expect.objectContaining({ name: '_mta-sts.cname.test', target: '_mta-sts.cname.provider.test' }),
      ]);
      expect(result.canonicalName).toBe('_mta-sts.cname.provider.test');
      expect(texts(result)).toEqual(['v=STSv1; id=20240601T000000Z;']);
      const host = answer(await resolver.query('mta-sts.cname.test', 'A'));
      expect(host.canonicalName).toBe('mta-sts.provider.test');
      expect(host.records).toEqual([expect.objectContaining({ type: 'A', data: lab!.addr })]);
    });

    it('reports a dangling alias as NXDOMAIN with the alias', async () => {
      const result = answer(await resolver.query('_mta-sts.cname-dangling.test', 'TXT'));
      expect(result).toMatchObject({ rcode: 'NXDOMAIN', records: [] });
      expect(result.cnames.map((c) => c.target)).toEqual(['_mta-sts.cname-dangling.provider.test']);
    });
  });

  describe('RFC 1035 §3.3.14 TXT records', () => {
    it('keeps the strings of a record longer than 255 bytes and joins them without spaces (RFC 7208 §3.3)', async () => {
      const [record] = answer(await resolver.query('_smtp._tls.split-record.test', 'TXT')).records;
      if (record?.type !== 'TXT') {
        throw new Error('no TXT record');
      }
      expect(record.strings).toHaveLength(4);
      expect(record.strings.every((s) => s.length <= 255)).toBe(true);
      expect(record.text).toBe(record.strings.join(''));
      expect(record.text.length).toBeGreaterThan(255);
      expect(record.text).toMatch(
        /^v=TLSRPTv1; rua=mailto:tls-reports@split-record\.test,https:\/\/reports\./,
      );
    });

    it('returns every record of a name', async () => {
      expect(texts(await resolver.query('_mta-sts.two-records.test', 'TXT')).sort()).toEqual([
        'v=STSv1; id=20240601T000000Z;',
        'v=STSv1; id=20240701T000000Z;',
      ]);
    });
  });

  describe('RFC 7505 null MX', () => {
    it('decodes the root as the exchange', async () => {
      const [record] = answer(await resolver.query('null-mx.test', 'MX')).records;
      expect(record).toMatchObject({ type: 'MX', data: { preference: 0 } });
      expect(record?.type === 'MX' && ['', '.'].includes(record.data.exchange)).toBe(true);
    });
  });

  describe('RFC 8484 §4.2.1 HTTP failures are not DNS answers', () => {
    it('a wrong path is an http-status failure', async () => {
      const wrong = createDohResolver({
        endpoint: lab!.dohUrl.replace('/dns-query', '/no-such-path'),
        method,
        fetch: createNodeDohFetch({ ca: readFileSync(lab!.caFile, 'utf8') }),
      });
      expect(await wrong.query('enforce.test', 'MX')).toMatchObject({
        ok: false,
        kind: 'http-status',
        detail: 404,
      });
    });
  });
});
