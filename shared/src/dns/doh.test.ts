import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDohResolver } from './doh.js';
import {
  dnsResponse,
  fakeFetch,
  fromBase64url,
  hangingUntilAborted,
  responsePacket,
  rrsig,
  soa,
  stalledBody,
  type Recorded,
  type SeenRequest,
} from './packets.test-helpers.js';
import { hasRecords, isNoRecord, type DnsAnswer, type DnsResult, type RecordType } from './resolver.js';
import { decodeMessage, encodeQuery } from './wire.js';

const endpoint = 'https://doh.example/dns-query';

/** A resolver whose server answers every request with the recorded response for the question asked. */
function serve(recorded: Recorded | ((request: SeenRequest) => Response | Promise<Response>), options = {}) {
  const fake = fakeFetch((request) => {
    if (typeof recorded === 'function') {
      return recorded(request);
    }
    const query =
      request.method === 'GET' ? fromBase64url(request.url.searchParams.get('dns') ?? '') : request.body!;
    const decoded = decodeMessage(query);
    if (!decoded.ok) {
      return new Response('bad query', { status: 400 });
    }
    const question = decoded.message.questions[0]!;
    const types: Record<number, RecordType> = { 1: 'A', 16: 'TXT', 28: 'AAAA', 52: 'TLSA', 15: 'MX' };
    return dnsResponse(responsePacket({ name: question.name, type: types[question.type]! }, recorded));
  });
  return { resolver: createDohResolver({ endpoint, fetch: fake.fetch, ...options }), calls: fake.calls };
}

function answer(result: DnsResult): DnsAnswer {
  if (!result.ok) {
    throw new Error(`expected an answer, got ${result.kind}: ${result.message}`);
  }
  return result;
}

describe('RFC 8484 §4.1 requests', () => {
  it('GET: base64url without padding in dns=, ID 0, RD+AD, OPT with DO; accept header; no cookies', async () => {
    const { resolver, calls } = serve({
      answers: [{ type: 'A', name: 'example.com', ttl: 60, data: '192.0.2.1' }],
    });
    await resolver.query('Example.COM.', 'A');
    const [request] = calls;
    expect(request!.method).toBe('GET');
    expect(`${request!.url.origin}${request!.url.pathname}`).toBe(endpoint);
    const dns = request!.url.searchParams.get('dns')!;
    expect(dns).not.toMatch(/[=+/]/);
    expect(fromBase64url(dns)).toEqual(encodeQuery('example.com', 'A'));
    expect(request!.headers.get('accept')).toBe('application/dns-message');
    expect(request!.headers.get('content-type')).toBeNull();
    expect(request!.credentials).toBe('omit');
  });

  it('a fresh query goes past the HTTP cache and refreshes it (cache: reload); others use it', async () => {
    const { resolver, calls } = serve({ answers: [] });
    await resolver.query('example.com', 'TXT');
    await resolver.query('example.com', 'TXT', { fresh: true });
    await resolver.query('example.com', 'TXT', { fresh: false });
    expect(calls.map((c) => c.cache)).toEqual([undefined, 'reload', undefined]);
  });

  it('POST: the raw message as body with Content-Type application/dns-message, no dns= variable', async () => {
    const { resolver, calls } = serve({ answers: [] }, { method: 'POST' });
    await resolver.query('example.com', 'MX');
    const [request] = calls;
    expect(request!.method).toBe('POST');
    expect(request!.url.href).toBe(endpoint);
    expect(request!.body).toEqual(encodeQuery('example.com', 'MX'));
    expect(request!.headers.get('content-type')).toBe('application/dns-message');
    expect(request!.headers.get('accept')).toBe('application/dns-message');
  });

  it('expands a {?dns} template and a preset; CD=1 on request; IDN names as A-labels', async () => {
    const fake = fakeFetch(() => dnsResponse(responsePacket({ name: 'xn--bcher-kva.example', type: 'TXT' })));
    const resolver = createDohResolver({ endpoint: 'https://t.example/q{?dns}', fetch: fake.fetch });
    const result = await resolver.query('bücher.example', 'TXT', { checkingDisabled: true });
    expect(answer(result).question).toEqual({ name: 'xn--bcher-kva.example', type: 'TXT' });
    expect(fake.calls[0]!.url.pathname).toBe('/q');
    expect(fromBase64url(fake.calls[0]!.url.searchParams.get('dns')!)).toEqual(
      encodeQuery('xn--bcher-kva.example', 'TXT', { checkingDisabled: true }),
    );
    await createDohResolver({ endpoint: 'google', fetch: fake.fetch }).query('xn--bcher-kva.example', 'TXT');
    expect(fake.calls[1]!.url.origin).toBe('https://dns.google');
  });

  it('refuses an invalid endpoint at creation and an invalid name without fetching', async () => {
    expect(() => createDohResolver({ endpoint: 'http://doh.example/dns-query' })).toThrow(TypeError);
    const { resolver, calls } = serve({});
    const result = await resolver.query('a..b', 'A');
    expect(result).toMatchObject({ ok: false, kind: 'malformed', detail: 'query-name' });
    expect(calls).toHaveLength(0);
  });
});

describe('RFC 8484 §4.1.1 the recorded exchange in shared/fixtures/dns/', () => {
  const fixture = (file: string): Uint8Array<ArrayBuffer> =>
    new Uint8Array(readFileSync(new URL(`../../fixtures/dns/${file}`, import.meta.url)));

  it('sends the recorded query byte for byte and reads the recorded answer', async () => {
    const query = fixture('query-mta-sts-txt.bin');
    const fake = fakeFetch((request) => {
      const asked = fromBase64url(request.url.searchParams.get('dns') ?? '');
      return Buffer.from(asked).equals(query)
        ? dnsResponse(fixture('response-mta-sts-txt.bin'))
        : new Response('unexpected query', { status: 400 });
    });
    const result = await createDohResolver({ endpoint, fetch: fake.fetch }).query(
      '_mta-sts.example.com',
      'TXT',
    );
    expect(answer(result)).toMatchObject({
      rcode: 'NOERROR',
      ad: true,
      ttl: 3600,
      records: [
        { type: 'TXT', text: 'v=STSv1; id=20240101T000000;', strings: ['v=STSv1; id=20240101T000000;'] },
      ],
    });
    expect(answer(result).records).toHaveLength(1);
  });
});

describe('RFC 8484 §4.2 / doh.md §3.1 DNS outcomes', () => {
  it('NOERROR with data: records, AD, TTL minimum over the RRset; RRSIGs skipped', async () => {
    const { resolver } = serve({
      ad: true,
      answers: [
        { type: 'MX', name: 'example.com', ttl: 300, data: { preference: 10, exchange: 'mx1.example.com' } },
        { type: 'MX', name: 'example.com', ttl: 120, data: { preference: 20, exchange: 'MX2.example.com.' } },
        rrsig('example.com', 'MX'),
      ],
    });
    const result = answer(await resolver.query('example.com', 'MX'));
    expect(result).toMatchObject({
      rcode: 'NOERROR',
      ad: true,
      tc: false,
      ttl: 120,
      canonicalName: 'example.com',
      cnames: [],
    });
    expect(result.records.map((r) => r.type === 'MX' && r.data)).toEqual([
      { preference: 10, exchange: 'mx1.example.com' },
      { preference: 20, exchange: 'mx2.example.com' },
    ]);
    expect(hasRecords(result)).toBe(true);
  });

  it('NXDOMAIN with SOA: no records, TTL = min(SOA TTL, MINIMUM) (RFC 2308 §5)', async () => {
    const { resolver } = serve({ rcode: 'NXDOMAIN', ad: true, authorities: [soa('example.com', 900, 300)] });
    const result = answer(await resolver.query('_mta-sts.example.com', 'TXT'));
    expect(result).toMatchObject({ rcode: 'NXDOMAIN', records: [], ttl: 300, ad: true });
    expect(isNoRecord(result)).toBe(true);
    const short = serve({ rcode: 'NXDOMAIN', authorities: [soa('example.com', 42, 300)] });
    expect(answer(await short.resolver.query('x.example.com', 'TXT')).ttl).toBe(42);
  });

  it('NODATA: NOERROR without records of the asked type', async () => {
    const { resolver } = serve({ answers: [], authorities: [soa('example.com', 3600, 600)] });
    const result = answer(await resolver.query('example.com', 'AAAA'));
    expect(result).toMatchObject({ rcode: 'NOERROR', records: [], ttl: 600 });
    expect(isNoRecord(result)).toBe(true);
  });

  it('a NOERROR answer whose only records are for another type or name is a mismatch, never "no record"', async () => {
    for (const stray of [
      { type: 'A' as const, name: 'example.com', ttl: 5, data: '192.0.2.1' },
      { type: 'TXT' as const, name: 'other.example', ttl: 5, data: ['v=STSv1; id=1;'] },
    ]) {
      const { resolver } = serve({ answers: [stray], authorities: [soa('example.com', 3600, 600)] });
      const result = await resolver.query('example.com', stray.type === 'A' ? 'AAAA' : 'TXT');
      expect(result).toMatchObject({ ok: false, kind: 'mismatch' });
      expect(isNoRecord(result)).toBe(false);
    }
  });

  it.each(['SERVFAIL', 'REFUSED', 'FORMERR', 'NOTIMP'] as const)(
    '%s is an answer that is not "no record"',
    async (rcode) => {
      const { resolver } = serve({ rcode });
      const result = answer(await resolver.query('example.com', 'TXT'));
      expect(result).toMatchObject({ rcode, records: [], ttl: null });
      expect(isNoRecord(result)).toBe(false);
    },
  );

  it('accepts a REFUSED response without a question section', async () => {
    const { resolver } = serve({ rcode: 'REFUSED', question: null });
    expect(answer(await resolver.query('example.com', 'TXT')).rcode).toBe('REFUSED');
  });

  it('AD unset and TC set are reported as sent (RFC 8484 §10)', async () => {
    const plain = serve({ answers: [{ type: 'TXT', name: 'a.example', ttl: 1, data: 'x' }] });
    expect(answer(await plain.resolver.query('a.example', 'TXT')).ad).toBe(false);
    const truncated = serve({ tc: true, ad: true });
    const result = answer(await truncated.resolver.query('a.example', 'TXT'));
    expect(result).toMatchObject({ tc: true, ad: true, records: [] });
    expect(isNoRecord(result)).toBe(false);
  });

  it('follows a CNAME chain of two and subtracts the Age header from every TTL (RFC 8484 §5.1)', async () => {
    const packet = responsePacket(
      { name: '_mta-sts.example.com', type: 'TXT' },
      {
        answers: [
          { type: 'CNAME', name: '_mta-sts.example.com', ttl: 3600, data: 'sts.example.net' },
          { type: 'CNAME', name: 'sts.example.net', ttl: 60, data: '_mta-sts.provider.example' },
          { type: 'TXT', name: '_mta-sts.provider.example', ttl: 300, data: 'v=STSv1; id=7' },
        ],
      },
    );
    const { resolver } = serve(() => dnsResponse(packet, { age: '100' }));
    const result = answer(await resolver.query('_mta-sts.example.com', 'TXT'));
    expect(result.canonicalName).toBe('_mta-sts.provider.example');
    expect(result.cnames).toEqual([
      { name: '_mta-sts.example.com', target: 'sts.example.net', ttl: 3500 },
      { name: 'sts.example.net', target: '_mta-sts.provider.example', ttl: 0 },
    ]);
    expect(result.records).toEqual([
      {
        name: '_mta-sts.provider.example',
        ttl: 200,
        type: 'TXT',
        strings: ['v=STSv1; id=7'],
        text: 'v=STSv1; id=7',
        ascii: true,
      },
    ]);
    expect(result.ttl).toBe(200);
  });

  it('a CNAME loop is a failure, not an answer', async () => {
    const { resolver } = serve({
      answers: [
        { type: 'CNAME', name: 'a.example', ttl: 1, data: 'b.example' },
        { type: 'CNAME', name: 'b.example', ttl: 1, data: 'a.example' },
      ],
    });
    expect(await resolver.query('a.example', 'TXT')).toMatchObject({ ok: false, kind: 'cname-loop' });
  });

  it('joins the strings of one long TXT RR and keeps RRs apart (RFC 7208 §3.3)', async () => {
    const rua = Array.from({ length: 10 }, (_, i) => `mailto:rpt${i}@reports.example.net`).join(',');
    const text = `v=TLSRPTv1; rua=${rua}`;
    const { resolver } = serve({
      answers: [
        {
          type: 'TXT',
          name: '_smtp._tls.example.com',
          ttl: 600,
          data: [text.slice(0, 255), text.slice(255)],
        },
        {
          type: 'TXT',
          name: '_smtp._tls.example.com',
          ttl: 600,
          data: 'v=TLSRPTv1; rua=mailto:x@example.com',
        },
      ],
    });
    const result = answer(await resolver.query('_smtp._tls.example.com', 'TXT'));
    expect(text.length).toBeGreaterThan(255);
    expect(result.records.map((r) => r.type === 'TXT' && [r.strings.length, r.text])).toEqual([
      [2, text],
      [1, 'v=TLSRPTv1; rua=mailto:x@example.com'],
    ]);
  });
});

describe('RFC 8484 §4.2.1 / doh.md §1.2 transport failures', () => {
  it('non-2xx → http-status with the status as detail', async () => {
    const { resolver } = serve(() => new Response('oops', { status: 500 }));
    expect(await resolver.query('example.com', 'A')).toMatchObject({
      ok: false,
      kind: 'http-status',
      detail: 500,
    });
  });

  it('a captive portal page → content-type; parameters on the right type are fine', async () => {
    const html = serve(
      () => new Response('<html></html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    );
    expect(await html.resolver.query('example.com', 'A')).toMatchObject({
      kind: 'content-type',
      detail: 'text/html',
    });
    const none = serve(
      () => new Response(new Uint8Array(12), { status: 200, headers: { 'content-type': '' } }),
    );
    expect(await none.resolver.query('example.com', 'A')).toMatchObject({ kind: 'content-type' });
    const packet = responsePacket({ name: 'example.com', type: 'A' });
    const param = serve(
      () => new Response(packet, { headers: { 'content-type': 'Application/DNS-Message; x=1' } }),
    );
    expect((await param.resolver.query('example.com', 'A')).ok).toBe(true);
  });

  it('a body over the bound → too-large, reading no more than the bound', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1000));
      },
    });
    const { resolver } = serve(
      () => new Response(endless, { headers: { 'content-type': 'application/dns-message' } }),
      {
        maxResponseBytes: 4096,
      },
    );
    expect(await resolver.query('example.com', 'A')).toMatchObject({ ok: false, kind: 'too-large' });
    expect(pulled).toBeLessThanOrEqual(8);
  });

  it('undecodable bytes → malformed; a query echoed back or another question → mismatch', async () => {
    const junk = serve(() => dnsResponse(new Uint8Array([1, 2, 3])));
    expect(await junk.resolver.query('example.com', 'A')).toMatchObject({ kind: 'malformed' });
    const notResponse = serve({ qr: false });
    expect(await notResponse.resolver.query('example.com', 'A')).toMatchObject({ kind: 'mismatch' });
    const other = serve({ question: { name: 'other.example', type: 'A' } });
    expect(await other.resolver.query('example.com', 'A')).toMatchObject({ kind: 'mismatch' });
    const otherType = serve({ question: { name: 'example.com', type: 'AAAA' } });
    expect(await otherType.resolver.query('example.com', 'A')).toMatchObject({ kind: 'mismatch' });
    const upper = serve({ question: { name: 'EXAMPLE.com', type: 'A' } });
    expect((await upper.resolver.query('example.com', 'A')).ok).toBe(true);
  });

  it('a fetch rejection → network', async () => {
    const { resolver } = serve(() => Promise.reject(new TypeError('fetch failed')));
    expect(await resolver.query('example.com', 'A')).toMatchObject({ ok: false, kind: 'network' });
  });

  it('a slow server (no headers, or a stalled body) → timeout after timeoutMs', async () => {
    const silent = serve(hangingUntilAborted, { timeoutMs: 30 });
    const result = await silent.resolver.query('example.com', 'A');
    expect(result).toMatchObject({ ok: false, kind: 'timeout' });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(25);
    const stalled = serve(
      () =>
        new Response(stalledBody(new Uint8Array(5)), {
          headers: { 'content-type': 'application/dns-message' },
        }),
      { timeoutMs: 30 },
    );
    expect(await stalled.resolver.query('example.com', 'A')).toMatchObject({ ok: false, kind: 'timeout' });
  });

  it("the caller's abort rejects with an AbortError, before or during the exchange", async () => {
    const { resolver } = serve(hangingUntilAborted, { timeoutMs: 5000 });
    const before = new AbortController();
    before.abort();
    await expect(resolver.query('example.com', 'A', { signal: before.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const during = new AbortController();
    const pending = resolver.query('example.com', 'A', { signal: during.signal });
    setTimeout(() => during.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const stalled = serve(
      () =>
        new Response(stalledBody(new Uint8Array(5)), {
          headers: { 'content-type': 'application/dns-message' },
        }),
      { timeoutMs: 5000 },
    );
    const reading = new AbortController();
    const pendingBody = stalled.resolver.query('example.com', 'A', { signal: reading.signal });
    setTimeout(() => reading.abort(), 10);
    await expect(pendingBody).rejects.toMatchObject({ name: 'AbortError' });
  });
});
