/**
 * The `fetch` the DoH client uses in Node: undici's fetch over an Agent that speaks HTTP/2 when the server offers it
 * and HTTP/1.1 otherwise. unbound's DoH is h2-only (Node 20's bundled fetch fails on it with UND_ERR_SOCKET) while
 * other servers speak only HTTP/1.1; ALPN picks. Connections per origin are bounded.
 */
import { createSecureContext, rootCertificates } from 'node:tls';
import { fetchFailureError, type DohFailureCause } from '@sts-inspector/shared';
import { Agent, fetch as undiciFetch } from 'undici';

/** Options of `createNodeDohFetch`. */
export interface NodeDohFetchOptions {
  /** An extra CA (PEM) trusted besides the public roots, for lab servers. */
  ca?: string | Buffer;
}

/** Connections per DoH origin: queries multiplex over h2, and h1 queues beyond this. */
const maxConnections = 4;

/**
 * Create a fetch for `createDohResolver`. Idle connections do not keep the process alive (undici unrefs them).
 */
export function createNodeDohFetch(options: NodeDohFetchOptions = {}): typeof fetch {
  const agent = new Agent({
    allowH2: true,
    connections: maxConnections,
    // Over h2 this is the number of concurrent streams per connection; 1 (the default) would make parallel
    // queries of one check wait for each other, a round trip each.
    pipelining: 16,
    // An extra CA adds to the public roots instead of replacing them; one context serves every connection.
    ...(options.ca === undefined
      ? {}
      : {
          connect: {
            secureContext: createSecureContext({ ca: [...rootCertificates, options.ca.toString()] }),
          },
        }),
  });
  const nodeFetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    try {
      // undici's fetch and Node's global one share one implementation but have separately declared types.
      return await undiciFetch(input as Parameters<typeof undiciFetch>[0], {
        ...(init as Parameters<typeof undiciFetch>[1]),
        // Whatever the caller asks: a DoH answer never comes from where a redirect points.
        redirect: 'manual',
        dispatcher: agent,
      });
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
 * Why undici's fetch failed: its `TypeError('fetch failed')` wraps the socket's or TLS layer's error in `cause`
 * (sometimes twice); the first code found along the chain names it.
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
  // No code anywhere (undici's own refusals, such as "bad port"): the innermost message says most.
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
