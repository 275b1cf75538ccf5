/**
 * Test helpers: recorded DNS responses built with the dns-packet codec itself (independent of our decoder), and a
 * fake `fetch` that serves them and records each request.
 */
import * as dnsPacket from '@dnsquery/dns-packet';

/** What a recorded response holds; defaults make a NOERROR answer with RD, RA. */
export interface Recorded {
  rcode?: 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';
  ad?: boolean;
  tc?: boolean;
  qr?: boolean;
  /** Question to echo; defaults to the one asked. */
  question?: { name: string; type: dnsPacket.RecordType } | null;
  answers?: dnsPacket.Answer[];
  authorities?: dnsPacket.Answer[];
}

const rcodes = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

/** Build response bytes for a question, as a resolver would send them. */
export function responsePacket(
  question: { name: string; type: dnsPacket.RecordType },
  recorded: Recorded = {},
): Uint8Array<ArrayBuffer> {
  const flags =
    dnsPacket.RECURSION_DESIRED |
    dnsPacket.RECURSION_AVAILABLE |
    (recorded.ad === true ? dnsPacket.AUTHENTIC_DATA : 0) |
    (recorded.tc === true ? dnsPacket.TRUNCATED_RESPONSE : 0) |
    rcodes[recorded.rcode ?? 'NOERROR'];
  const echoed = recorded.question === undefined ? question : recorded.question;
  const bytes = dnsPacket.encode({
    type: recorded.qr === false ? 'query' : 'response',
    id: 0,
    flags,
    questions: echoed === null ? [] : [echoed],
    answers: recorded.answers ?? [],
    authorities: recorded.authorities ?? [],
  });
  return new Uint8Array(bytes);
}

/** An SOA for negative answers. */
export function soa(zone: string, ttl: number, minimum: number): dnsPacket.Answer {
  return {
    type: 'SOA',
    name: zone,
    ttl,
    data: {
      mname: `ns1.${zone}`,
      rname: `hostmaster.${zone}`,
      serial: 1,
      refresh: 7200,
      retry: 900,
      expire: 1209600,
      minimum,
    },
  };
}

/** An RRSIG as sent with DO=1; the client must skip it. */
export function rrsig(name: string, typeCovered: dnsPacket.RecordType): dnsPacket.Answer {
  return {
    type: 'RRSIG',
    name,
    ttl: 300,
    data: {
      typeCovered,
      algorithm: 13,
      labels: name.split('.').length,
      originalTTL: 300,
      expiration: 2000000000,
      inception: 1700000000,
      keyTag: 12345,
      signersName: name.split('.').slice(-2).join('.'),
      signature: new Uint8Array(64).fill(7),
    },
  };
}

/** One request as the fake fetch saw it. */
export interface SeenRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: Uint8Array | undefined;
  credentials: RequestCredentials | undefined;
  redirect: RequestRedirect | undefined;
  cache: RequestCache | undefined;
  signal: AbortSignal | undefined;
}

/** A fake fetch over a handler; `calls` lists every request. */
export function fakeFetch(handler: (request: SeenRequest) => Response | Promise<Response>): {
  fetch: typeof fetch;
  calls: SeenRequest[];
} {
  const calls: SeenRequest[] = [];
  const fetchImpl = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = init.body instanceof Uint8Array ? init.body : undefined;
    const request: SeenRequest = {
      url: new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body,
      credentials: init.credentials,
      redirect: init.redirect,
      cache: init.cache,
      signal: init.signal ?? undefined,
    };
    calls.push(request);
    await Promise.resolve();
    return handler(request);
  };
  return { fetch: fetchImpl, calls };
}

/** A DoH response carrying `bytes`. */
export function dnsResponse(bytes: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Response {
  return new Response(bytes, {
    status: 200,
    headers: { 'content-type': 'application/dns-message', ...headers },
  });
}

/** A fetch that never answers but rejects with the signal's reason when aborted, like the real one. */
export function hangingUntilAborted(request: SeenRequest): Promise<Response> {
  return new Promise((_, reject) => {
    const { signal } = request;
    signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/** A body stream that sends `first` and then never ends nor listens to any signal. */
export function stalledBody(first: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(first);
    },
  });
}

/** Base64url decoding with re-padding (RFC 8484 §4.1, RFC 4648 §5). */
export function fromBase64url(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}
