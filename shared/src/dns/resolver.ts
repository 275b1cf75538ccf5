/**
 * The DNS port: what the core asks of a resolver, and the plain-data answers it gets back. "No record"
 * (NXDOMAIN, NODATA) is an answer; "lookup failed" (SERVFAIL, REFUSED, a transport failure) is kept apart.
 * Types only.
 */
import type { DohFailureCause } from '../http/fetch-failure.js';

/** Record types the core queries. */
export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'TLSA' | 'NS' | 'SOA';

/** RCODE names as in RFC 1035 §4.1.1 / RFC 6895; unknown values as `RCODE<n>`. */
export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED' | `RCODE${number}`;

/** An MX record's data. */
export interface MxData {
  preference: number;
  exchange: string;
}

/** A TLSA record's data (RFC 6698 §2.1). */
export interface TlsaData {
  usage: number;
  selector: number;
  matchingType: number;
  /** Certificate association data, lower-case hex. */
  data: string;
}

/** One resource record. Names are lower-case without the trailing dot. */
export type DnsRecord =
  | { name: string; ttl: number; type: 'A' | 'AAAA' | 'CNAME' | 'NS'; data: string }
  | { name: string; ttl: number; type: 'MX'; data: MxData }
  /** `strings` are the character-strings of one RR; `text` is them joined without separators (RFC 7208 §3.3). */
  | { name: string; ttl: number; type: 'TXT'; strings: string[]; text: string; ascii: boolean }
  | { name: string; ttl: number; type: 'TLSA'; data: TlsaData }
  | { name: string; ttl: number; type: 'SOA'; data: { mname: string; minimum: number } }
  | { name: string; ttl: number; type: 'OTHER'; typeNumber: number };

/** A DNS answer from the resolver (any RCODE). */
export interface DnsAnswer {
  ok: true;
  question: { name: string; type: RecordType };
  rcode: Rcode;
  /** AD bit of the response: the resolver validated all the data (RFC 4035 §3.2.3). */
  ad: boolean;
  /** TC bit: the answer is incomplete (RFC 8484 §10). */
  tc: boolean;
  /** The aliases followed from the question name, in order (empty when there was no CNAME). */
  cnames: { name: string; target: string; ttl: number }[];
  /** The name at the end of the alias chain. */
  canonicalName: string;
  /** Records of the asked type owned by the canonical name. Empty for NXDOMAIN and NODATA. */
  records: DnsRecord[];
  /** Smallest TTL over `records` (or the SOA minimum for a negative answer), when known. */
  ttl: number | null;
  elapsedMs: number;
}

/** Why a lookup produced no DNS answer at all. */
export type DnsFailureKind =
  | 'timeout'
  | 'http-status'
  | 'content-type'
  | 'network'
  | 'malformed'
  | 'too-large'
  | 'mismatch'
  | 'cname-loop';

/** A lookup that produced no usable DNS answer. Never means "no record". */
export interface DnsFailure {
  ok: false;
  question: { name: string; type: RecordType };
  kind: DnsFailureKind;
  /** For failures of the DoH exchange itself: what went wrong, for people and for hints. */
  cause?: DohFailureCause;
  /** A sentence for people: the cause, and what to try. */
  message: string;
  /** HTTP status for `http-status`, content type for `content-type`. */
  detail?: string | number;
  elapsedMs: number;
}

export type DnsResult = DnsAnswer | DnsFailure;

/** Options for one query. */
export interface QueryOptions {
  signal?: AbortSignal | undefined;
  /** Ask with CD=1 (checking disabled), to tell DNSSEC failures from other SERVFAILs. */
  checkingDisabled?: boolean | undefined;
  /** Want an answer from the resolver itself, not a copy kept by an HTTP cache on the way (a re-check). */
  fresh?: boolean | undefined;
}

/** The DNS port. Implementations never reject except with an AbortError when `signal` fires. */
export interface Resolver {
  query(name: string, type: RecordType, options?: QueryOptions): Promise<DnsResult>;
}

/** Whether an answer says the data exists (NOERROR with records). */
export function hasRecords(result: DnsResult): result is DnsAnswer {
  return result.ok && result.rcode === 'NOERROR' && result.records.length > 0;
}

/** Whether a result says "no such record" (NXDOMAIN, or NOERROR without records): a real, negative answer. */
export function isNoRecord(result: DnsResult): boolean {
  return (
    result.ok &&
    !result.tc &&
    (result.rcode === 'NXDOMAIN' || (result.rcode === 'NOERROR' && result.records.length === 0))
  );
}
