/**
 * The `fetch` the DoH client uses in Node: undici's fetch over an Agent that speaks HTTP/2 when the server offers it
 * and HTTP/1.1 otherwise. unbound's DoH is h2-only (Node 20's bundled fetch fails on it with UND_ERR_SOCKET) while
 * other servers speak only HTTP/1.1; ALPN picks. Connections per origin are bounded.
 */
import { createSecureContext, rootCertificates } from 'node:tls';
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
  const nodeFetch = (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> =>
    // undici's fetch and Node's global one share one implementation but have separately declared types.
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    });
  return nodeFetch;
}
