/**
 * The DoH client (RFC 8484) over an injected `fetch`: builds the query, checks the HTTP exchange, decodes the
 * answer and follows its CNAME chain. Every expected failure is a `DnsFailure` value; the promise rejects only with
 * an AbortError when the caller's signal fires. Pure (fetch, URL, AbortController and timers only).
 */
import { abortError, startDeadline } from '../http/deadline.js';
import { readBounded } from '../http/read-body.js';
import { followCnames } from './cname.js';
import { expandEndpoint, resolveEndpoint, type DohEndpoint } from './presets.js';
import { fetchFailureOf, type DohFailureCause } from '../http/fetch-failure.js';
import { limits } from '../limits.js';
import { displayText } from '../text/record-fields.js';
import type {
  DnsAnswer,
  DnsFailure,
  DnsFailureKind,
  DnsResult,
  QueryOptions,
  RecordType,
  Resolver,
} from './resolver.js';
import { lowerAscii, normalizeQueryName } from './name.js';
import { decodeMessage, encodeQuery, recordTypeNumbers, type DnsMessage } from './wire.js';

/** Options of `createDohResolver`. */
export interface DohOptions {
  /** A preset name (`cloudflare`, `google`, `quad9`), an https URL, or a URI template ending in `{?dns}`. */
  endpoint: string;
  /** GET (the default: cacheable, and a CORS "simple" request) or POST (RFC 8484 §4.1). */
  method?: 'GET' | 'POST';
  /** The fetch to use; defaults to the global one. */
  fetch?: typeof fetch;
  /** Per-query time limit, separate from the caller's signal. Default 5000. */
  timeoutMs?: number;
  /** Largest response body accepted. Default 65535, the largest DNS message (RFC 8484 §6). */
  maxResponseBytes?: number;
  /**
   * How the shell's users change what failed, for failure messages: another resolver, or an extra trusted CA.
   * Default: the CLI's flags (`--resolver`, `--ca`).
   */
  hints?: { otherResolver: string; trustCa: string };
}

const cliHints = { otherResolver: 'try another resolver with --resolver', trustCa: 'trust its CA with --ca' };

/** Words for a failed DoH exchange: what happened (the DNS011 reason), then what to try. */
function describeCause(
  cause: DohFailureCause,
  host: string,
  code: string | undefined,
  hints: Settings['hints'],
): { reason: string; message: string } {
  const with_ = code === undefined ? '' : ` (${code})`;
  let reason: string;
  switch (cause) {
    case 'host-not-found':
      reason = `the resolver's host name ${host} does not resolve${with_}`;
      break;
    case 'refused':
      reason = `${host} refused the connection${with_}`;
      break;
    case 'reset':
      reason = `the connection to ${host} was reset${with_}`;
      break;
    case 'unreachable':
      reason = `${host} cannot be reached${with_}`;
      break;
    case 'certificate':
      reason = `the certificate of ${host} is not trusted${with_}; if it is your own resolver, ${hints.trustCa}`;
      break;
    case 'tls':
      reason = `the TLS handshake with ${host} failed${with_}`;
      break;
    case 'timeout':
    case 'redirect':
    case 'http-status':
    case 'unknown':
      reason = `the request to ${host} failed${with_}`;
      break;
  }
  return { reason, message: `${reason[0]?.toUpperCase() ?? ''}${reason.slice(1)}; ${hints.otherResolver}.` };
}

const mediaType = 'application/dns-message';

/** Thrown by `createDohResolver` for an endpoint that `resolveEndpoint` rejects (a programmer error). */
function invalidEndpoint(message: string): TypeError {
  return new TypeError(`Invalid DoH endpoint: ${message}`);
}

/** An AbortError carrying the caller's reason when it is one already. */
function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Whether a Content-Type header names `application/dns-message`, parameters aside. */
function isDnsMessage(contentType: string | null): boolean {
  return contentType !== null && contentType.split(';')[0]?.trim().toLowerCase() === mediaType;
}

/** The Age header in seconds (RFC 9111 §5.1), 0 when absent or invalid. */
function ageOf(headers: Headers): number {
  const value = headers.get('age')?.trim() ?? '';
  return /^\d+$/.test(value) ? Number(value) : 0;
}

/**
 * Create a Resolver that asks one DoH server. Queries carry ID 0 (RFC 8484 §4.1), RD, AD (RFC 6840 §5.7) and an
 * EDNS(0) OPT with DO; `checkingDisabled` adds CD. Throws a TypeError when `endpoint` is not a valid https endpoint.
 */
export function createDohResolver(options: DohOptions): Resolver {
  const resolved = resolveEndpoint(options.endpoint);
  if (!resolved.ok) {
    throw invalidEndpoint(resolved.message);
  }
  const { url, template, preset } = resolved;
  const settings: Settings = {
    endpoint: { url, template, preset },
    method: options.method ?? 'GET',
    // Called through a wrapper: a browser's fetch throws "Illegal invocation" when called as a method of another object.
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? limits.dohTimeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? limits.dohResponseBytes,
    hints: options.hints ?? cliHints,
  };
  return { query: (name, type, queryOptions) => query(settings, name, type, queryOptions ?? {}) };
}

interface Settings {
  endpoint: DohEndpoint;
  method: 'GET' | 'POST';
  fetch: typeof fetch;
  timeoutMs: number;
  maxResponseBytes: number;
  hints: { otherResolver: string; trustCa: string };
}

async function query(
  settings: Settings,
  input: string,
  type: RecordType,
  options: QueryOptions,
): Promise<DnsResult> {
  const started = performance.now();
  const { signal } = options;
  if (signal?.aborted) {
    throw abortError(signal, 'The DNS query');
  }
  const normalized = normalizeQueryName(input);
  const question = { name: normalized.ok ? normalized.name : input, type };
  const fail = (
    kind: DnsFailureKind,
    message: string,
    detail?: string | number,
    cause?: DohFailureCause,
  ): DnsFailure => ({
    ok: false,
    question,
    kind,
    ...(cause === undefined ? {} : { cause }),
    message,
    ...(detail === undefined ? {} : { detail }),
    elapsedMs: performance.now() - started,
  });
  const host = new URL(settings.endpoint.url).host;
  const advice = settings.hints.otherResolver;
  if (!normalized.ok) {
    return fail('malformed', normalized.message, 'query-name');
  }

  const packet = encodeQuery(normalized.name, type, { checkingDisabled: options.checkingDisabled === true });
  const deadline = startDeadline(signal, settings.timeoutMs, 'The DoH query');
  // The caller's abort wins over everything else; the timeout becomes a value.
  const failure = (error: unknown, what: string): DnsFailure => {
    if (signal?.aborted) {
      throw abortError(signal, 'The DNS query');
    }
    const known = fetchFailureOf(error);
    if (deadline.timedOut() || known?.cause === 'timeout') {
      return fail(
        'timeout',
        `No DoH answer from ${host} within ${settings.timeoutMs} ms; ${advice}.`,
        undefined,
        'timeout',
      );
    }
    if (known !== undefined) {
      const words = describeCause(known.cause, host, known.code, settings.hints);
      return fail('network', words.message, words.reason, known.cause);
    }
    // A browser's fetch says no more than "Failed to fetch".
    const plain = error instanceof Error ? error.message : String(error);
    return fail('network', `${what} (${plain}); ${advice}.`, `${what.toLowerCase()} (${plain})`, 'unknown');
  };

  try {
    const init: RequestInit = {
      method: settings.method,
      headers:
        settings.method === 'GET' ? { accept: mediaType } : { accept: mediaType, 'content-type': mediaType },
      // RFC 8484 §8.2: no cookies. No credentials of any kind, in fact.
      credentials: 'omit',
      // Never followed: an answer from wherever a redirect points (`http://…`, a private address) is no answer
      // from the resolver the user chose. Browsers give an opaque redirect, Node the 3xx itself.
      redirect: 'manual',
      signal: deadline.signal,
    };
    if (options.fresh === true) {
      // A re-check: past any HTTP cache (a browser keeps GET answers for their max-age), and the fresh answer
      // replaces the cached one for later queries.
      init.cache = 'reload';
    }
    if (settings.method === 'POST') {
      init.body = packet;
    }
    const url = expandEndpoint(settings.endpoint, settings.method === 'GET' ? base64url(packet) : undefined);
    let response: Response;
    try {
      response = await settings.fetch(url, init);
    } catch (error) {
      return failure(error, 'The DoH request failed');
    }
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      const to = location === null ? '' : ` to ${displayText(location)}`;
      return fail(
        'http-status',
        `The DoH server ${host} answered with a redirect (HTTP ${response.status || 'redirect'}${to}), which DoH requests never follow; ${advice}.`,
        response.status,
        'redirect',
      );
    }
    // RFC 8484 §4.2.1: a non-2xx status carries no DNS answer at all; never read it as "record absent".
    if (response.status < 200 || response.status > 299) {
      response.body?.cancel().catch(() => undefined);
      return fail(
        'http-status',
        `The DoH server ${host} answered HTTP ${response.status}; ${advice}.`,
        response.status,
        'http-status',
      );
    }
    const contentType = response.headers.get('content-type');
    if (!isDnsMessage(contentType)) {
      response.body?.cancel().catch(() => undefined);
      return fail(
        'content-type',
        `The DoH server sent ${contentType ?? 'no Content-Type'}, not ${mediaType}.`,
        contentType ?? '',
      );
    }
    let body: Uint8Array;
    try {
      const read = await readBounded(response.body, settings.maxResponseBytes, deadline.signal);
      if (read.truncated) {
        return fail(
          'too-large',
          `The DoH response is larger than ${settings.maxResponseBytes} bytes.`,
          settings.maxResponseBytes,
        );
      }
      body = read.bytes;
    } catch (error) {
      return failure(error, 'Reading the DoH response failed');
    }
    const decoded = decodeMessage(body);
    if (!decoded.ok) {
      return fail('malformed', decoded.message);
    }
    return toAnswer(decoded.message, question, ageOf(response.headers), started, fail);
  } finally {
    deadline.dispose();
  }
}

/** Check the response belongs to the question, then build the answer (RFC 8484 §5.1 TTLs, doh.md §3). */
function toAnswer(
  message: DnsMessage,
  question: { name: string; type: RecordType },
  age: number,
  started: number,
  fail: (kind: DnsFailureKind, message: string, detail?: string | number) => DnsFailure,
): DnsResult {
  if (!message.qr || message.opcode !== 0) {
    return fail('mismatch', 'The DoH server did not send a DNS response.');
  }
  const echoed = message.questions[0];
  // An error response may leave the question out (RFC 1035 does not require it); anything else must echo it.
  const errorWithoutQuestion =
    message.questions.length === 0 && message.rcode !== 'NOERROR' && message.rcode !== 'NXDOMAIN';
  if (!errorWithoutQuestion) {
    if (
      message.questions.length !== 1 ||
      echoed === undefined ||
      lowerAscii(echoed.name) !== question.name ||
      echoed.type !== recordTypeNumbers[question.type]
    ) {
      return fail('mismatch', `The DNS response does not answer ${question.name} ${question.type}.`);
    }
  }
  const chain = followCnames(question.name, question.type, message.answers);
  if (!chain.ok) {
    return fail(chain.kind, chain.message);
  }
  if (chain.records.length === 0 && message.rcode === 'NOERROR') {
    // A NOERROR answer whose records are all for another name or type answers another question: never "absent".
    const onChain = new Set([question.name, ...chain.cnames.map((link) => link.target)]);
    const stray = message.answers.find(
      (rr) =>
        !(rr.type === 'CNAME' && onChain.has(rr.name)) &&
        // Signatures (RRSIG, 46) and DNAME (39) come with the records of a chain.
        !(rr.type === 'OTHER' && (rr.typeNumber === 46 || rr.typeNumber === 39)),
    );
    if (stray !== undefined) {
      const strayType = stray.type === 'OTHER' ? `TYPE${stray.typeNumber}` : stray.type;
      return fail(
        'mismatch',
        `The DNS response to ${question.name} ${question.type} holds only records for another question (${displayText(stray.name)} ${strayType}).`,
      );
    }
  }
  const remaining = (ttl: number): number => Math.max(0, ttl - age);
  const records = chain.records.map((record) => ({ ...record, ttl: remaining(record.ttl) }));
  let ttl: number | null = null;
  if (records.length > 0) {
    ttl = records.reduce((least, record) => Math.min(least, record.ttl), Infinity);
  } else if (message.rcode === 'NOERROR' || message.rcode === 'NXDOMAIN') {
    // RFC 2308 §5: a negative answer lives for min(SOA TTL, SOA MINIMUM) of the SOA in the Authority section.
    const soa = message.authorities.find((record) => record.type === 'SOA');
    if (soa?.type === 'SOA') {
      ttl = remaining(Math.min(soa.ttl, soa.data.minimum));
    }
  }
  const answer: DnsAnswer = {
    ok: true,
    question,
    rcode: message.rcode,
    ad: message.ad,
    tc: message.tc,
    cnames: chain.cnames.map((link) => ({ ...link, ttl: remaining(link.ttl) })),
    canonicalName: chain.canonicalName,
    records,
    ttl,
    elapsedMs: performance.now() - started,
  };
  return answer;
}
