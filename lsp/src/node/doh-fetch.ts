/**
 * The `fetch` the DoH client uses in Node, on Node's own TLS, HTTP/2 and HTTPS modules: HTTP/2 when the server
 * offers it and HTTP/1.1 otherwise, chosen by ALPN. unbound's DoH is h2-only (Node 20's bundled fetch fails on it
 * with UND_ERR_SOCKET) while other servers speak only HTTP/1.1. One HTTP/2 session per origin carries every query
 * as concurrent streams; HTTP/1.1 keeps a few connections per origin. Nothing here is loaded from a package: the
 * CLI's start-up compiles no HTTP client of its own.
 *
 * It answers what the core's DoH client asks of a fetch (`status`, `headers.get`, `body.getReader`,
 * `body.cancel`), not the whole Fetch standard: a `Response` is not built, since Node makes its own on first use
 * by loading its copy of undici.
 */
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect as http2Connect, constants, type ClientHttp2Session } from 'node:http2';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { connect as tlsConnect, type SecureContext } from 'node:tls';
import { fetchFailureError, type DohFailureCause } from '@sts-inspector/shared';
import { contextWithExtraCa } from './trust.js';

/** Options of `createNodeDohFetch`. */
export interface NodeDohFetchOptions {
  /** An extra CA (PEM) trusted besides the public roots, for lab servers. */
  ca?: string | Buffer;
}

/** HTTP/1.1 connections per DoH origin; queries beyond wait for one. */
const maxConnections = 4;

/** How an origin is spoken to, once its first connection has said. */
type Route = { kind: 'h2'; session: ClientHttp2Session; streams: number } | { kind: 'h1' };

/**
 * Create a fetch for `createDohResolver`. Idle connections do not keep the process alive (they are unref'd).
 */
export function createNodeDohFetch(options: NodeDohFetchOptions = {}): typeof fetch {
  // One context serves every connection (and the policy fetcher's).
  const secureContext: SecureContext | undefined =
    options.ca === undefined ? undefined : contextWithExtraCa(options.ca);
  const h1Agent = new HttpsAgent({
    keepAlive: true,
    maxSockets: maxConnections,
    ...(secureContext === undefined ? {} : { secureContext }),
  });
  // A connection kept for reuse does not hold the process; one in use does.
  h1Agent.on('free', (socket: Socket) => socket.unref());
  const routes = new Map<string, Promise<Route>>();

  const routeTo = (url: URL, signal: AbortSignal | undefined): Promise<Route> => {
    let route = routes.get(url.origin);
    if (route === undefined) {
      route = openRoute(url, secureContext, signal);
      routes.set(url.origin, route);
      const forget = (): void => {
        if (routes.get(url.origin) === route) {
          routes.delete(url.origin);
        }
      };
      route.then((r) => {
        if (r.kind === 'h2') {
          r.session.once('close', forget);
          r.session.once('goaway', forget);
          r.session.once('error', forget);
        }
      }, forget);
    }
    return route;
  };

  const nodeFetch = async (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const signal = init.signal ?? undefined;
    try {
      signal?.throwIfAborted();
      // Never `instanceof Request` or `new Headers`: touching those globals makes Node load its copy of undici.
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      if (url.protocol !== 'https:') {
        throw new TypeError(`only https: URLs are fetched, not ${url.protocol}`);
      }
      const method = init.method ?? 'GET';
      const headers = plainHeaders(init.headers);
      const body = init.body instanceof Uint8Array ? init.body : undefined;
      // Whatever the caller asks: a DoH answer never comes from where a redirect points (nothing is followed).
      const route = await routeTo(url, signal);
      const outgoing: Outgoing = { url, method, headers, body, signal };
      return route.kind === 'h2' ? await requestH2(route, outgoing) : await requestH1(h1Agent, outgoing);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') {
        throw error;
      }
      const { cause, code } = causeOf(error);
      throw fetchFailureError(cause, code, error instanceof Error ? error.message : String(error));
    }
  };
  return nodeFetch;
}

/** Connect once to learn what the origin speaks: keep the connection as the HTTP/2 session, or close it for h1. */
function openRoute(
  url: URL,
  secureContext: SecureContext | undefined,
  signal: AbortSignal | undefined,
): Promise<Route> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tlsConnect({
      host,
      port: Number(url.port || 443),
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
      ALPNProtocols: ['h2', 'http/1.1'],
      ...(secureContext === undefined ? {} : { secureContext }),
    });
    const onAbort = (): void => {
      socket.destroy();
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (error: Error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    socket.once('secureConnect', () => {
      signal?.removeEventListener('abort', onAbort);
      if (socket.alpnProtocol !== 'h2') {
        // HTTP/1.1: the agent makes its own connections (this one told us what we needed).
        socket.destroy();
        resolve({ kind: 'h1' });
        return;
      }
      const session = http2Connect(url.origin, { createConnection: () => socket });
      session.on('error', () => undefined);
      session.unref();
      resolve({ kind: 'h2', session, streams: 0 });
    });
  });
}

/** Request headers as a plain object (the core passes one). */
function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  if (headers === undefined) {
    return {};
  }
  if (Array.isArray(headers)) {
    return Object.fromEntries(headers.map((pair) => [String(pair[0]).toLowerCase(), String(pair[1])]));
  }
  if (typeof (headers as { forEach?: unknown }).forEach === 'function') {
    const out: Record<string, string> = {};
    (headers as Headers).forEach((value, name) => (out[name] = value));
    return out;
  }
  return Object.fromEntries(
    Object.entries(headers as Record<string, string>).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

/** A Response as far as the core's DoH client reads one. */
function responseOf(status: number, headers: IncomingHttpHeaders, body: Readable): Response {
  const header = (name: string): string | null => {
    const value = headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value);
  };
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const cancel = (): Promise<void> => {
    body.destroy();
    return Promise.resolve();
  };
  const stream = {
    getReader: () => ({
      read: async (): Promise<{ done: boolean; value?: Uint8Array }> => {
        const next = await iterator.next();
        return next.done === true ? { done: true } : { done: false, value: new Uint8Array(next.value) };
      },
      cancel,
      releaseLock: () => undefined,
    }),
    cancel,
  };
  return {
    type: 'basic',
    status,
    ok: status >= 200 && status < 300,
    redirected: false,
    headers: { get: header },
    body: stream,
  } as unknown as Response;
}

/** One request, as the fetch was asked for it. */
interface Outgoing {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
  signal: AbortSignal | undefined;
}

const bufferOf = (body: Uint8Array | undefined): Buffer | undefined =>
  body === undefined ? undefined : Buffer.from(body.buffer, body.byteOffset, body.byteLength);

function requestH2(
  route: Extract<Route, { kind: 'h2' }>,
  { url, method, headers, body, signal }: Outgoing,
): Promise<Response> {
  const { session } = route;
  return new Promise((resolve, reject) => {
    // The session holds the process only while a stream is open.
    if (route.streams++ === 0) {
      session.ref();
    }
    const stream = session.request(
      {
        [constants.HTTP2_HEADER_METHOD]: method,
        [constants.HTTP2_HEADER_PATH]: `${url.pathname}${url.search}`,
        ...headers,
      },
      signal === undefined ? {} : { signal },
    );
    stream.once('close', () => {
      if (--route.streams === 0 && !session.destroyed) {
        session.unref();
      }
    });
    stream.once('error', reject);
    stream.once('response', (responseHeaders) => {
      const status = Number(responseHeaders[constants.HTTP2_HEADER_STATUS] ?? 0);
      resolve(responseOf(status, responseHeaders, stream));
    });
    stream.end(bufferOf(body));
  });
}

function requestH1(agent: HttpsAgent, { url, method, headers, body, signal }: Outgoing): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { agent, method, headers, ...(signal === undefined ? {} : { signal }) });
    req.once('error', reject);
    req.once('socket', (socket) => socket.ref());
    req.once('response', (response) =>
      resolve(responseOf(response.statusCode ?? 0, response.headers, response)),
    );
    req.end(bufferOf(body));
  });
}

/** Certificate verification codes of OpenSSL as Node reports them (the CERT_ family and a few others). */
const certificateCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Why a request failed: the socket's, TLS layer's or HTTP/2 session's error, sometimes wrapped in `cause` (once or
 * twice, as fetch implementations do); the first code found along the chain names it.
 */
export function causeOf(error: unknown): { cause: DohFailureCause; code: string | undefined } {
  let current: unknown = error;
  let said: string | undefined;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return { cause: causeOfCode(code), code };
    }
    const message = (current as { message?: unknown }).message;
    said = typeof message === 'string' ? message : said;
    current = (current as { cause?: unknown }).cause;
  }
  // No code anywhere: the innermost message says most.
  return { cause: 'unknown', code: said };
}

function causeOfCode(code: string): DohFailureCause {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_NONAME') {
    return 'host-not-found';
  }
  if (code === 'ECONNREFUSED') {
    return 'refused';
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return 'reset';
  }
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'EADDRNOTAVAIL') {
    return 'unreachable';
  }
  if (code === 'ETIMEDOUT' || (code.startsWith('UND_ERR_') && code.endsWith('_TIMEOUT'))) {
    return 'timeout';
  }
  if (code.startsWith('CERT_') || certificateCodes.has(code)) {
    return 'certificate';
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') {
    return 'tls';
  }
  return 'unknown';
}
