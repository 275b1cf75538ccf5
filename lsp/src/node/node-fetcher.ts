/**
 * The Node Fetcher for the policy fetch (RFC 8461 §3.3): HTTPS only, the host's addresses from our own Resolver
 * (DoH; never the system resolver), non-public addresses refused, redirects never followed, the TLS handshake done
 * here with node:tls so certificate failures come back with the certificate's names and dates, then one HTTP/1.1
 * GET over that socket with Node's own HTTP client (its parser is native, so nothing is compiled for it and
 * nothing is left for the process to finish at exit). Rejects only with an AbortError when the caller's signal
 * fires.
 */
import { request, type IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { connect, type PeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import {
  abortError,
  hostAddressesOf,
  startDeadline,
  type FetchOptions,
  type FetchOutcome,
  type Fetcher,
  type Resolver,
} from '@sts-inspector/shared';
import { checkPolicyHostIdentity, dnsIds } from './cert-name.js';
import { contextWithExtraCa } from './trust.js';
import { isPublicAddress } from './public-address.js';

/** Options of `createNodeFetcher`. */
export interface NodeFetcherOptions {
  /** Where host addresses come from (A, then AAAA). */
  resolver: Resolver;
  /** Connect to loopback, private and other non-public addresses too (lab use). */
  allowPrivateAddresses?: boolean;
  /** host → IP: skips DNS for that host, and may be private (an explicit test setting). */
  pins?: Record<string, string>;
  /** An extra CA (PEM) trusted besides the public roots, for lab servers. */
  ca?: string | Buffer;
}

export type Outcome = FetchOutcome extends infer O
  ? O extends FetchOutcome
    ? Omit<O, 'elapsedMs'>
    : never
  : never;

/** At most this many addresses are tried, one after another, when connecting fails. */
const maxAddressesTried = 4;
const untrustedCodes: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed certificate that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer is not a trusted CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the chain to a trusted CA is incomplete',
};

/** Create the Node Fetcher. */
export function createNodeFetcher(options: NodeFetcherOptions): Fetcher {
  // One secure context for every connection (and the DoH fetch's): building the store from the roots costs ~20 ms.
  const ca = options.ca === undefined ? undefined : contextWithExtraCa(options.ca);
  // URL host names are lower-case; so must the pins be to match them.
  const pins = Object.fromEntries(
    Object.entries(options.pins ?? {}).map(([host, ip]) => [host.toLowerCase(), ip]),
  );
  const settings = { ...options, pins };
  return { get: (url, fetchOptions) => get(settings, ca, url, fetchOptions) };
}

async function get(
  settings: NodeFetcherOptions,
  ca: SecureContext | undefined,
  rawUrl: string,
  options: FetchOptions,
): Promise<FetchOutcome> {
  const started = performance.now();
  const done = (outcome: Outcome): FetchOutcome => ({ ...outcome, elapsedMs: performance.now() - started });
  const { signal } = options;
  if (signal?.aborted) {
    throw abortError(signal, 'The fetch');
  }
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return done({ kind: 'network', message: `Not a URL: ${rawUrl}` });
  }
  if (url.protocol !== 'https:') {
    return done({ kind: 'network', message: `Refused ${rawUrl}: only https URLs are fetched.` });
  }

  const deadline = startDeadline(signal, options.timeoutMs, 'The fetch');
  let socket: TLSSocket | undefined;
  try {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || 443);
    const addresses = await addressesOf(settings, host, deadline.signal);
    if (!Array.isArray(addresses)) {
      return done(addresses);
    }
    let handshake: TLSSocket | Outcome = {
      kind: 'network',
      message: `No address to connect to for ${host}.`,
    };
    for (const address of addresses.slice(0, maxAddressesTried)) {
      handshake = await connectTls({ address, port, host, ca, signal: deadline.signal });
      // Only a failure to reach the address is worth another address; a certificate problem is the answer.
      if (!('kind' in handshake) || handshake.kind !== 'network') {
        break;
      }
    }
    if ('kind' in handshake) {
      return done(handshake);
    }
    socket = handshake;
    const response = await getOver(socket, url, deadline.signal);
    const body = await readBody(response, options.maxBytes);
    const header = (name: string): string | null => {
      const value = response.headers[name];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    };
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    let validUtf8 = true;
    try {
      fatal.decode(body.bytes, { stream: body.truncated });
    } catch {
      validUtf8 = false;
    }
    return done({
      kind: 'response',
      status: response.statusCode ?? 0,
      contentType: header('content-type'),
      location: header('location'),
      body: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body.bytes, { stream: body.truncated }),
      validUtf8,
      bytes: body.bytes.byteLength,
      truncated: body.truncated,
    });
  } catch (error) {
    if (signal?.aborted) {
      throw abortError(signal, 'The fetch');
    }
    if (deadline.timedOut()) {
      return done({ kind: 'timeout' });
    }
    return done({ kind: 'network', message: describe(error) });
  } finally {
    deadline.dispose();
    // One request per connection: a body cut at maxBytes is never read further.
    socket?.destroy();
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${error.message} (${code})`
    : error.message;
}

/** The addresses to try, A first, or the outcome that ends the fetch (no address, blocked, DNS failure). */
async function addressesOf(
  settings: NodeFetcherOptions,
  host: string,
  signal: AbortSignal,
): Promise<string[] | Outcome> {
  const pinned = settings.pins?.[host];
  if (pinned !== undefined) {
    return [pinned];
  }
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    const [a, aaaa] = await Promise.all([
      settings.resolver.query(host, 'A', { signal }),
      settings.resolver.query(host, 'AAAA', { signal }),
    ]);
    // The core's judgement, the one the posture engine makes after a browser's fetch fails.
    const found = hostAddressesOf(a, aaaa);
    switch (found.kind) {
      case 'failed':
        return found.failure.kind === 'timeout'
          ? { kind: 'timeout' }
          : {
              kind: 'network',
              message: `Looking up ${host} failed (${found.failure.kind}): ${found.failure.message}`,
            };
      case 'truncated':
        return { kind: 'network', message: `The address lookup of ${host} came back truncated.` };
      case 'no-address':
        return { kind: 'no-address', rcode: found.rcode };
      case 'addresses':
        addresses = found.addresses;
    }
  }
  return settings.allowPrivateAddresses === true ? addresses : publicAddresses(addresses);
}

/**
 * The addresses an Internet sender could reach: non-public ones are dropped (they are never connected to, so a
 * name that mixes them in cannot steer the fetch inward); none left is a refusal.
 */
export function publicAddresses(addresses: string[]): string[] | Outcome {
  const usable = addresses.filter((address) => isPublicAddress(address));
  const first = addresses[0];
  return usable.length === 0 && first !== undefined ? { kind: 'blocked-address', address: first } : usable;
}

interface TlsTarget {
  address: string;
  port: number;
  host: string;
  ca: SecureContext | undefined;
  signal: AbortSignal;
}

/**
 * Connect and handshake, checking the chain and the name ourselves (rejectUnauthorized off, then refused here) so
 * the outcome can carry the certificate's names and validity dates.
 */
function connectTls(target: TlsTarget): Promise<TLSSocket | Outcome> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: target.address,
      port: target.port,
      // SNI is the host name (RFC 6066 §3), never an IP literal.
      ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
      ...(target.ca === undefined ? {} : { secureContext: target.ca }),
      ALPNProtocols: ['http/1.1'],
      rejectUnauthorized: false,
      checkServerIdentity: checkPolicyHostIdentity,
    });
    const onAbort = (): void => {
      socket.destroy();
      reject(target.signal.reason as Error);
    };
    if (target.signal.aborted) {
      return onAbort();
    }
    target.signal.addEventListener('abort', onAbort, { once: true });
    const settle = (value: TLSSocket | Outcome): void => {
      target.signal.removeEventListener('abort', onAbort);
      if (value !== socket) {
        socket.destroy();
      }
      resolve(value);
    };
    socket.once('error', (error) =>
      settle({ kind: 'network', message: `${target.address}: ${describe(error)}` }),
    );
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      // With rejectUnauthorized off, Node still checks the chain, then the name with our strict check, and reports
      // the first failure here instead of closing.
      settle(socket.authorized ? socket : refusal(socket.authorizationError, cert, target.host));
    });
  });
}

function refusal(reason: unknown, cert: PeerCertificate, host: string): Outcome {
  const code =
    typeof reason === 'string' ? reason : ((reason as { code?: string } | null)?.code ?? String(reason));
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = dnsIds(cert);
    return {
      kind: 'tls-name',
      names,
      message: `The certificate is for ${names.join(', ') || 'no name'}, not ${host}.`,
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    const notBefore = isoDate(cert.valid_from);
    const notAfter = isoDate(cert.valid_to);
    const message =
      code === 'CERT_HAS_EXPIRED'
        ? `The certificate expired on ${notAfter}.`
        : `The certificate is not valid before ${notBefore}.`;
    return { kind: 'tls-expired', notBefore, notAfter, message };
  }
  return {
    kind: 'tls-untrusted',
    message: `${untrustedCodes[code] ?? 'the certificate is not trusted'} (${code}).`,
  };
}

function isoDate(text: string | undefined): string {
  const date = new Date(text ?? '');
  return Number.isNaN(date.getTime()) ? (text ?? '') : date.toISOString();
}

/** One GET over our already verified socket; resolves with the response once its headers are in. */
function getOver(socket: TLSSocket, url: URL, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({
      // The connection is ours (no agent given): no pooling, no second connection.
      createConnection: () => socket,
      host: url.hostname,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: {
        host: url.host,
        'user-agent': 'sts-inspector',
        accept: 'text/plain, */*;q=0.1',
        connection: 'close',
      },
      signal,
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** Read at most `maxBytes` of the body, then stop. */
async function readBody(
  body: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const room = maxBytes - total;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      return { bytes: Buffer.concat(chunks, maxBytes), truncated: true };
    }
    chunks.push(chunk);
    total += chunk.length;
  }
  return { bytes: Buffer.concat(chunks, total), truncated: false };
}
