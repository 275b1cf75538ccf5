/**
 * The DoH client (RFC 8484) over an injected `fetch`: builds the query, checks the HTTP exchange, decodes the
 * answer and follows its CNAME chain. Every expected failure is a `DnsFailure` value; the promise rejects only with
 * an AbortError when the caller's signal fires. Pure (fetch, URL, AbortController and timers only).
 */
import { abortError, startDeadline } from '../http/deadline.js';
import { readBounded } from '../http/read-body.js';
import { followCnames } from './cname.js';
import { expandEndpoint, resolveEndpoint, type DohEndpoint } from './presets.js';
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
    timeoutMs: options.timeoutMs ?? 5000,
    maxResponseBytes: options.maxResponseBytes ?? 65535,
  };
  return { query: (name, type, queryOptions) => query(settings, name, type, queryOptions ?? {}) };
}

interface Settings {
  endpoint: DohEndpoint;
  method: 'GET' | 'POST';
  fetch: typeof fetch;
  timeoutMs: number;
  maxResponseBytes: number;
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
  const fail = (kind: DnsFailureKind, message: string, detail?: string | number): DnsFailure => ({
    ok: false,
    question,
    kind,
    message,
    ...(detail === undefined ? {} : { detail }),
    elapsedMs: performance.now() - started,
  });
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
    if (deadline.timedOut()) {
      return fail('timeout', `No DoH answer within ${settings.timeoutMs} ms.`);
    }
    return fail('network', `${what}: ${error instanceof Error ? error.message : String(error)}`);
  };

  try {
    const init: RequestInit = {
      method: settings.method,
      headers:
        settings.method === 'GET' ? { accept: mediaType } : { accept: mediaType, 'content-type': mediaType },
      // RFC 8484 §8.2: no cookies. No credentials of any kind, in fact.
      credentials: 'omit',
      signal: deadline.signal,
    };
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
    // RFC 8484 §4.2.1: a non-2xx status carries no DNS answer at all; never read it as "record absent".
    if (response.status < 200 || response.status > 299) {
      response.body?.cancel().catch(() => undefined);
      return fail('http-status', `The DoH server answered HTTP ${response.status}.`, response.status);
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
