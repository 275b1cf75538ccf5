import { readFileSync } from 'node:fs';
import { request as httpsRequest, createServer as createHttpsServer } from 'node:https';
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDohResolver, type DnsResult } from '@sts-inspector/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDohFetch } from './doh-fetch.js';
import { makeTestPki, opensslMissing, type TestPki } from './test-pki.test-helpers.js';

const missing = opensslMissing();
if (missing !== undefined) {
  console.warn(`doh-fetch.test.ts: ${missing}`);
}

const fixture = (file: string): Buffer =>
  readFileSync(new URL(`../../../shared/fixtures/dns/${file}`, import.meta.url));
const recordedQuery = fixture('query-mta-sts-txt.bin');
const recordedResponse = fixture('response-mta-sts-txt.bin');

/** A DoH server that answers the recorded query with the recorded response, and refuses anything else. */
function answer(
  versions: string[],
): (request: IncomingMessage | Http2ServerRequest, response: ServerResponse | Http2ServerResponse) => void {
  return (request, response) => {
    versions.push(`${request.method} HTTP/${request.httpVersion}`);
    const reply = (status: number, body: Buffer | string, type = 'text/plain'): void => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'https://doh.test');
      if (request.headers.accept !== 'application/dns-message') {
        return reply(406, 'accept');
      }
      let query: Buffer;
      if (request.method === 'GET' && url.pathname === '/dns-query') {
        query = Buffer.from(url.searchParams.get('dns') ?? '', 'base64url');
      } else if (request.method === 'POST' && url.pathname === '/dns-query') {
        if (request.headers['content-type'] !== 'application/dns-message') {
          return reply(415, 'content-type');
        }
        query = Buffer.concat(chunks);
      } else {
        return reply(404, 'not found');
      }
      if (!query.equals(recordedQuery)) {
        return reply(400, 'unexpected query');
      }
      reply(200, recordedResponse, 'application/dns-message');
    });
  };
}

const expected = {
  ok: true,
  rcode: 'NOERROR',
  ad: true,
  records: [{ type: 'TXT', text: 'v=STSv1; id=20240101T000000;' }],
};

describe.skipIf(missing !== undefined)('RFC 8484 §5.2 DoH from Node over HTTP/2 and HTTP/1.1', () => {
  let pki: TestPki;
  let h2: Http2SecureServer;
  let h1: ReturnType<typeof createHttpsServer>;
  const h2Versions: string[] = [];
  const h1Versions: string[] = [];
  const sessions = new Set<Http2Session>();
  const endpoint = (server: Http2SecureServer | typeof h1): string =>
    `https://127.0.0.1:${(server.address() as AddressInfo).port}/dns-query`;

  beforeAll(async () => {
    pki = makeTestPki();
    // Like unbound's DoH: HTTP/2 only, no HTTP/1.1 fallback.
    // unknownProtocolTimeout: drop the HTTP/1.1 probe below at once instead of after the default 10 s.
    h2 = createSecureServer(
      { ...pki.good, allowHTTP1: false, unknownProtocolTimeout: 50 },
      answer(h2Versions),
    );
    h2.on('session', (session: Http2Session) => sessions.add(session));
    h1 = createHttpsServer({ ...pki.good, ALPNProtocols: ['http/1.1'] }, answer(h1Versions));
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => h1.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    // The DoH agent keeps idle connections (unref'd) for reuse: close them from the server side.
    for (const session of sessions) {
      session.destroy();
    }
    h1.closeAllConnections();
    await new Promise((resolve) => h2.close(resolve));
    await new Promise((resolve) => h1.close(resolve));
    pki.remove();
  });

  const query = (
    server: Http2SecureServer | typeof h1,
    method: 'GET' | 'POST',
    ca?: string,
  ): Promise<DnsResult> =>
    createDohResolver({
      endpoint: endpoint(server),
      method,
      fetch: createNodeDohFetch(ca === undefined ? {} : { ca }),
    }).query('_mta-sts.example.com', 'TXT');

  it('the h2-only test server really refuses HTTP/1.1', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const request = httpsRequest(
        endpoint(h2),
        { ca: pki.ca, headers: { accept: 'application/dns-message' } },
        (r) => {
          r.resume();
          resolve(`HTTP ${r.statusCode}`);
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      request.end();
    });
    expect(outcome).not.toBe('HTTP 200');
    expect(h2Versions).toEqual([]);
  });

  it('GET and POST reach an h2-only server (unbound-style) over HTTP/2', async () => {
    expect(await query(h2, 'GET', pki.ca)).toMatchObject(expected);
    expect(await query(h2, 'POST', pki.ca)).toMatchObject(expected);
    expect(h2Versions).toEqual(['GET HTTP/2.0', 'POST HTTP/2.0']);
  });

  it('GET and POST reach an HTTP/1.1-only server', async () => {
    expect(await query(h1, 'GET', pki.ca)).toMatchObject(expected);
    expect(await query(h1, 'POST', pki.ca)).toMatchObject(expected);
    expect(h1Versions).toEqual(['GET HTTP/1.1', 'POST HTTP/1.1']);
  });

  it('without the extra CA the lab certificate is not trusted → network failure, not an answer', async () => {
    expect(await query(h2, 'GET')).toMatchObject({ ok: false, kind: 'network' });
  });
});

describe.skipIf(missing !== undefined)(
  'RFC 8484 DoH failures from Node say their cause (real local servers)',
  () => {
    let pki: TestPki;
    const servers: { close(callback: () => void): unknown; closeAllConnections?: () => void }[] = [];
    const listen = async (server: (typeof servers)[number] & { listen(...args: unknown[]): unknown }) => {
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `https://127.0.0.1:${(server as unknown as { address(): AddressInfo }).address().port}/dns-query`;
    };
    const resolve = (endpoint: string, ca?: string, timeoutMs = 1500): Promise<DnsResult> =>
      createDohResolver({
        endpoint,
        fetch: createNodeDohFetch(ca === undefined ? {} : { ca }),
        timeoutMs,
      }).query('_mta-sts.example.com', 'TXT');

    beforeAll(() => {
      pki = makeTestPki();
    });
    afterAll(async () => {
      for (const server of servers) {
        server.closeAllConnections?.();
        await new Promise<void>((done) => server.close(() => done()));
      }
      pki.remove();
    });

    it('a refused connection (nothing listens on the port)', async () => {
      const closed = createHttpsServer(pki.good);
      const endpoint = await listen(closed);
      await new Promise<void>((done) => closed.close(() => done()));
      servers.pop();
      const result = await resolve(endpoint, pki.ca);
      expect(result).toMatchObject({ ok: false, kind: 'network', cause: 'refused' });
      expect(result.ok ? '' : result.message).toMatch(
        /refused the connection \(ECONNREFUSED\); try another resolver/,
      );
    });

    it('a certificate that is not trusted, with the hint to trust its CA', async () => {
      const endpoint = await listen(createHttpsServer(pki.good, (_q, r) => r.end()));
      const result = await resolve(endpoint);
      expect(result).toMatchObject({ ok: false, kind: 'network', cause: 'certificate' });
      expect(result.ok ? '' : result.message).toMatch(
        /is not trusted \(\w+\); if it is your own resolver, trust its CA with --ca/,
      );
    });

    it('a resolver host name that does not resolve', async () => {
      const result = await resolve('https://doh.invalid/dns-query');
      expect(result).toMatchObject({ ok: false, kind: 'network', cause: 'host-not-found' });
      expect(result.ok ? '' : result.message).toMatch(/doh\.invalid does not resolve/);
    });

    it('a server that never answers: a timeout, known from the request having arrived', async () => {
      let arrived = false;
      const endpoint = await listen(
        createHttpsServer(pki.good, () => {
          arrived = true;
        }),
      );
      const result = await resolve(endpoint, pki.ca, 300);
      expect(arrived).toBe(true);
      expect(result).toMatchObject({ ok: false, kind: 'timeout', cause: 'timeout' });
    });

    it('an HTTP error, with its status', async () => {
      const endpoint = await listen(
        createHttpsServer(pki.good, (_q, r) => {
          r.writeHead(500, { 'content-type': 'text/plain' });
          r.end('oops');
        }),
      );
      const result = await resolve(endpoint, pki.ca);
      expect(result).toMatchObject({ ok: false, kind: 'http-status', cause: 'http-status', detail: 500 });
      expect(result.ok ? '' : result.message).toMatch(/answered HTTP 500; try another resolver/);
    });

    it('a redirect is never followed, not to http: and not to a link-local address', async () => {
      let followed = 0;
      const target = await listen(
        createHttpsServer(pki.good, (_q, r) => {
          followed++;
          r.writeHead(200, { 'content-type': 'application/dns-message' });
          r.end(recordedResponse);
        }),
      );
      for (const location of [
        target.replace('https:', 'http:'),
        'https://169.254.169.254/dns-query',
        target,
      ]) {
        const endpoint = await listen(
          createHttpsServer(pki.good, (_q, r) => {
            r.writeHead(307, { location });
            r.end();
          }),
        );
        const result = await resolve(endpoint, pki.ca);
        expect(result).toMatchObject({ ok: false, kind: 'http-status', cause: 'redirect', detail: 307 });
      }
      expect(followed).toBe(0);
    });
  },
);
