import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import {
  defaultPolicyFetchOptions,
  type DnsResult,
  type FetchOutcome,
  type Rcode,
  type RecordType,
  type Resolver,
} from '@sts-inspector/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetcher, publicAddresses } from './node-fetcher.js';
import { makeTestPki, opensslMissing, type TestPki } from './test-pki.test-helpers.js';

const missing = opensslMissing();
if (missing !== undefined) {
  console.warn(`node-fetcher.test.ts: ${missing}`);
}

const policy = 'version: STSv1\r\nmode: enforce\r\nmx: mail.good.test\r\nmax_age: 86400\r\n';
const path = '/.well-known/mta-sts.txt';
// The default bound: only the timeout test wants it to fire, with its own short one.
const options = { maxBytes: 64 * 1024, timeoutMs: defaultPolicyFetchOptions.timeoutMs };

/** A fake Resolver over a table of name → type → result, recording calls. */
function zone(
  table: Record<string, Partial<Record<RecordType, { rcode?: Rcode; data?: string[] } | 'timeout'>>>,
) {
  const calls: string[] = [];
  const resolver: Resolver = {
    query(name, type) {
      calls.push(`${name} ${type}`);
      const entry = table[name]?.[type] ?? { rcode: table[name] === undefined ? 'NXDOMAIN' : 'NOERROR' };
      const question = { name, type };
      if (entry === 'timeout') {
        return Promise.resolve({
          ok: false,
          question,
          kind: 'timeout',
          message: 'slow DoH',
          elapsedMs: 5000,
        });
      }
      const records = (entry.data ?? []).map((data) => ({ name, ttl: 60, type: type as 'A' | 'AAAA', data }));
      const result: DnsResult = {
        ok: true,
        question,
        rcode: entry.rcode ?? 'NOERROR',
        ad: false,
        tc: false,
        cnames: [],
        canonicalName: name,
        records,
        ttl: records.length > 0 ? 60 : null,
        elapsedMs: 1,
      };
      return Promise.resolve(result);
    },
  };
  return { resolver, calls };
}

const noDns = zone({}).resolver;

describe.skipIf(missing !== undefined)('RFC 8461 §3.3 policy fetch over HTTPS (node:tls + node:http)', () => {
  let pki: TestPki;
  let server: Server;
  let port: number;
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let bigClosedEarly: Promise<boolean>;

  beforeAll(async () => {
    pki = makeTestPki();
    const contexts = new Map([
      ['mta-sts.wrongname.test', createSecureContext(pki.wrongName)],
      ['mta-sts.expired.test', createSecureContext(pki.expired)],
      ['mta-sts.notyet.test', createSecureContext(pki.notYetValid)],
      ['mta-sts.selfsigned.test', createSecureContext(pki.selfSigned)],
    ]);
    let bigClosed: (early: boolean) => void = () => undefined;
    bigClosedEarly = new Promise((resolve) => (bigClosed = resolve));
    server = createServer(
      {
        ...pki.good,
        SNICallback: (name, callback) => callback(null, contexts.get(name) ?? createSecureContext(pki.good)),
      },
      (request, response) => {
        const host = (request.headers.host ?? '').replace(/:\d+$/, '');
        requests.push(`${host}${request.url}`);
        if (host === 'mta-sts.redirect.test') {
          response.writeHead(301, { location: 'https://mta-sts.good.test/.well-known/mta-sts.txt' }).end();
        } else if (host === 'mta-sts.big.test') {
          // 8 MiB in 64 KiB writes; the client must hang up long before the end.
          response.writeHead(200, { 'content-type': 'text/plain' });
          let sent = 0;
          const chunk = Buffer.alloc(64 * 1024, 0x61);
          const pump = (): void => {
            while (sent < 8 * 1024 * 1024) {
              sent += chunk.length;
              if (!response.write(chunk)) {
                return void response.once('drain', pump);
              }
            }
            response.end();
          };
          response.once('close', () => bigClosed(sent < 8 * 1024 * 1024));
          pump();
        } else if (host === 'mta-sts.slow.test') {
          // Never answers: the client's timeout must end it.
        } else {
          response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(policy);
        }
      },
    );
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const socket of sockets) {
      socket.destroy();
    }
    await new Promise((resolve) => server.close(resolve));
    pki.remove();
  });

  const url = (host: string): string => `https://${host}:${port}${path}`;
  const pinned = (host: string) =>
    createNodeFetcher({ resolver: noDns, pins: { [host.toUpperCase()]: '127.0.0.1' }, ca: pki.ca });
  const kindOf = (outcome: FetchOutcome): string => outcome.kind;

  it('a good policy host: 200, text/plain, the body as sent', async () => {
    const outcome = await pinned('mta-sts.good.test').get(url('mta-sts.good.test'), options);
    expect(outcome).toMatchObject({
      kind: 'response',
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      location: null,
      body: policy,
      validUtf8: true,
      bytes: policy.length,
      truncated: false,
    });
  });

  it('a certificate for another name → tls-name with the names it does have', async () => {
    const outcome = await pinned('mta-sts.wrongname.test').get(url('mta-sts.wrongname.test'), options);
    expect(outcome).toMatchObject({ kind: 'tls-name', names: ['mta-sts.somethingelse.test'] });
  });

  it('an expired certificate → tls-expired with its validity dates', async () => {
    expect(await pinned('mta-sts.expired.test').get(url('mta-sts.expired.test'), options)).toMatchObject({
      kind: 'tls-expired',
      notBefore: '2020-01-01T00:00:00.000Z',
      notAfter: '2021-01-01T00:00:00.000Z',
    });
    expect(await pinned('mta-sts.notyet.test').get(url('mta-sts.notyet.test'), options)).toMatchObject({
      kind: 'tls-expired',
      notBefore: '2099-01-01T00:00:00.000Z',
    });
  });

  it('a self-signed certificate, or a CA we were not told to trust → tls-untrusted', async () => {
    const self = await pinned('mta-sts.selfsigned.test').get(url('mta-sts.selfsigned.test'), options);
    expect(self).toMatchObject({
      kind: 'tls-untrusted',
      message: expect.stringContaining('DEPTH_ZERO_SELF_SIGNED_CERT') as string,
    });
    const withoutCa = createNodeFetcher({ resolver: noDns, pins: { 'mta-sts.good.test': '127.0.0.1' } });
    expect(kindOf(await withoutCa.get(url('mta-sts.good.test'), options))).toBe('tls-untrusted');
  });

  it('a redirect is reported, never followed (RFC 8461 §3.3)', async () => {
    const before = requests.length;
    const outcome = await pinned('mta-sts.redirect.test').get(url('mta-sts.redirect.test'), options);
    expect(outcome).toMatchObject({
      kind: 'response',
      status: 301,
      location: 'https://mta-sts.good.test/.well-known/mta-sts.txt',
    });
    expect(requests.slice(before)).toEqual([`mta-sts.redirect.test${path}`]);
  });

  it('an oversize body is cut at maxBytes and the connection dropped', async () => {
    const outcome = await pinned('mta-sts.big.test').get(url('mta-sts.big.test'), {
      ...options,
      maxBytes: 100_000,
    });
    expect(outcome).toMatchObject({ kind: 'response', status: 200, bytes: 100_000, truncated: true });
    expect(outcome.kind === 'response' && outcome.body).toBe('a'.repeat(100_000));
    expect(await bigClosedEarly).toBe(true);
  });

  it('a server that never answers → timeout, never before timeoutMs', async () => {
    const outcome = await pinned('mta-sts.slow.test').get(url('mta-sts.slow.test'), {
      ...options,
      timeoutMs: 200,
    });
    expect(outcome.kind).toBe('timeout');
    // A lower bound only (timers may fire a little early by the clock): a busy machine makes it later, not earlier.
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(190);
  });

  it("the caller's abort rejects with an AbortError", async () => {
    const controller = new AbortController();
    const pending = pinned('mta-sts.slow.test').get(url('mta-sts.slow.test'), {
      ...options,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('addresses come from our resolver (A and AAAA), and a non-public one is refused before connecting', async () => {
    const dns = zone({ 'mta-sts.private.test': { A: { data: ['127.0.0.1'] } } });
    const connections = requests.length;
    const refused = createNodeFetcher({ resolver: dns.resolver, ca: pki.ca });
    expect(await refused.get(url('mta-sts.private.test'), options)).toMatchObject({
      kind: 'blocked-address',
      address: '127.0.0.1',
    });
    expect(dns.calls.sort()).toEqual(['mta-sts.private.test A', 'mta-sts.private.test AAAA']);
    expect(requests.length).toBe(connections);
    const allowed = createNodeFetcher({ resolver: dns.resolver, ca: pki.ca, allowPrivateAddresses: true });
    expect(await allowed.get(url('mta-sts.private.test'), options)).toMatchObject({
      kind: 'response',
      status: 200,
    });
  });

  it('tries the next address when one cannot be reached', async () => {
    const dns = zone({ 'mta-sts.good.test': { A: { data: ['127.0.0.2', '127.0.0.1'] } } });
    const fetcher = createNodeFetcher({ resolver: dns.resolver, ca: pki.ca, allowPrivateAddresses: true });
    expect(await fetcher.get(url('mta-sts.good.test'), options)).toMatchObject({
      kind: 'response',
      status: 200,
    });
  });

  it('drops non-public addresses among public ones and refuses when none is left', () => {
    expect(publicAddresses(['8.8.8.8', 'fd00::1', '10.1.2.3', '2001:4860:4860::8888'])).toEqual([
      '8.8.8.8',
      '2001:4860:4860::8888',
    ]);
    expect(publicAddresses(['fd00::1', '127.0.0.1'])).toEqual({
      kind: 'blocked-address',
      address: 'fd00::1',
    });
  });

  it('NXDOMAIN, NODATA and SERVFAIL → no-address with the RCODE; a DoH timeout → timeout', async () => {
    const dns = zone({
      'mta-sts.nodata.test': { TXT: { data: [] } },
      'mta-sts.servfail.test': { A: { rcode: 'SERVFAIL' }, AAAA: { rcode: 'SERVFAIL' } },
      'mta-sts.slowdns.test': { A: 'timeout' },
    });
    const fetcher = createNodeFetcher({ resolver: dns.resolver });
    expect(await fetcher.get(url('mta-sts.nx.test'), options)).toMatchObject({
      kind: 'no-address',
      rcode: 'NXDOMAIN',
    });
    expect(await fetcher.get(url('mta-sts.nodata.test'), options)).toMatchObject({
      kind: 'no-address',
      rcode: 'NOERROR',
    });
    expect(await fetcher.get(url('mta-sts.servfail.test'), options)).toMatchObject({
      kind: 'no-address',
      rcode: 'SERVFAIL',
    });
    expect(kindOf(await fetcher.get(url('mta-sts.slowdns.test'), options))).toBe('timeout');
  });

  it('a refused connection → network; http: is refused without connecting', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await pinned('mta-sts.good.test').get(
      `https://mta-sts.good.test:${closedPort}${path}`,
      options,
    );
    expect(outcome).toMatchObject({
      kind: 'network',
      message: expect.stringContaining('ECONNREFUSED') as string,
    });
    expect(
      kindOf(await pinned('mta-sts.good.test').get(`http://mta-sts.good.test:${port}${path}`, options)),
    ).toBe('network');
  });
});
