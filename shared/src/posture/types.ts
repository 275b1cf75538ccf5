/**
 * The posture of one domain: plain JSON (no classes, Map or Date), the contract of the CLI's JSON output, the
 * extension's cache and its messages. Types only.
 */
import type { DnsFailureKind, Rcode, TlsaData } from '../dns/resolver.js';
import type { Finding, Parsed } from '../findings/types.js';
import type { Policy, PolicyMode } from '../mta-sts/policy.js';
import type { StsRecord } from '../mta-sts/record.js';
import type { TlsRptRecord } from '../tls-rpt/record.js';

/** Version of the serialised posture; bumped on incompatible changes. */
export const POSTURE_SCHEMA_VERSION = 1;

/** What a badge shows. */
export type Verdict = 'enforced' | 'testing' | 'none' | 'broken' | 'absent' | 'unknown';

/** How one DNS lookup went, in short. */
export interface LookupSummary {
  name: string;
  type: string;
  /** `answer` when the resolver answered (any RCODE); otherwise the failure kind. */
  outcome: 'answer' | DnsFailureKind;
  rcode: Rcode | null;
  ad: boolean;
  ttl: number | null;
  /** Aliases followed, as `name → target`. */
  cnames: string[];
  message?: string;
}

/** One TXT record found at a record name. */
export interface TxtRecordView<T> {
  /** The strings joined without separators (RFC 8461 §3.1, RFC 8460 §3). */
  text: string;
  strings: string[];
  ttl: number;
  /** Present for the record(s) that are (or look meant as) records of this kind. */
  parsed?: Parsed<T>;
}

/** The state of a record kind at its name. */
export type RecordState = 'present' | 'absent' | 'invalid' | 'multiple' | 'unknown';

/** A TXT record name and what was found there. */
export interface RecordLookup<T> {
  name: string;
  state: RecordState;
  lookup: LookupSummary;
  records: TxtRecordView<T>[];
  /** The one record senders use, when there is exactly one. */
  selected: TxtRecordView<T> | undefined;
}

/** The policy fetch and its result. */
export interface PolicyFetch {
  url: string;
  /** `response` when an HTTP response arrived; otherwise why not. */
  outcome: string;
  status: number | null;
  contentType: string | null;
  location: string | null;
  bytes: number | null;
  elapsedMs: number;
  /** The body as text, when one was read (cut at the size bound). */
  text: string | undefined;
  parsed: Parsed<Policy> | undefined;
  /** The policy senders would apply: a 200 `text/plain` body without errors. */
  usable: boolean;
  mode: PolicyMode | undefined;
}

/** DANE state of one MX host. */
export type DaneState = 'dane' | 'dane-unusable' | 'not-validated' | 'none' | 'bogus' | 'unknown';

/** One MX host. */
export interface MxHostView {
  name: string;
  preference: number;
  /** Whether the policy's `mx` patterns cover it; null when there is no usable policy. */
  covered: boolean | null;
  matchedPattern: string | null;
  dane: DaneState;
  tlsa: TlsaData[];
  tlsaLookup: LookupSummary | undefined;
  /**
   * The TLSA base domain the records were taken from: the host name, or the name its CNAME chain ends at when the
   * whole chain validates and TLSA records are there (RFC 7672 §2.2.2, §2.2.3); null when TLSA was not looked up.
   */
  tlsaBase: string | null;
}

/** The MX lookup. */
export interface MxView {
  lookup: LookupSummary;
  /** Null MX (RFC 7505): the domain accepts no mail. */
  nullMx: boolean;
  /** True when there are no MX records and the domain itself is the implicit MX (RFC 5321 §5.1). */
  implicit: boolean;
  hosts: MxHostView[];
}

/** One port call, for the timing view and the critical-path benchmark. Times are ms since the check started. */
export interface Timing {
  label: string;
  startMs: number;
  endMs: number;
}

/** Everything known about one domain's transport security. */
export interface Posture {
  schemaVersion: typeof POSTURE_SCHEMA_VERSION;
  domain: string;
  checkedAt: string;
  verdict: Verdict;
  mtaSts: RecordLookup<StsRecord>;
  policy: PolicyFetch;
  mx: MxView;
  tlsRpt: RecordLookup<TlsRptRecord>;
  findings: Finding[];
  timings: Timing[];
  elapsedMs: number;
}
