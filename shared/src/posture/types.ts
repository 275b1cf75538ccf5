/**
 * The posture of one domain: plain JSON (no classes, Map or Date), the contract of the CLI's JSON output, the
 * extension's cache and its messages. A posture survives `JSON.stringify` and `JSON.parse` unchanged: every key that
 * is always there holds a value, `null` where there is none, never `undefined` (which JSON drops). `readPosture`
 * checks one that was stored or received. Types only.
 */
import type { DaneState } from '../dane/tlsa.js';
import type { DnsFailureKind, Rcode, RecordType, TlsaData } from '../dns/resolver.js';
import type { Finding } from '../findings/types.js';
import type { FetchOutcome } from '../http/fetcher.js';
import type { MxPatternEntry, PolicyField, PolicyMode } from '../mta-sts/policy-types.js';
import type { RecordField } from '../text/record-fields.js';
import type { TlsRptRecord } from '../tls-rpt/record/record.js';
import type { Verdict } from './verdicts.js';

/**
 * Version of the serialised posture; bumped on incompatible changes. 2: `null` for every value that is not there,
 * findings say the part of the posture they are about and the text their range is in.
 */
export const POSTURE_SCHEMA_VERSION = 2;

export { verdicts, type Verdict } from './verdicts.js';

/** The part of a posture a finding is about. */
export type PosturePart = 'record' | 'policy' | 'mx' | 'dane' | 'tls-rpt' | 'dns';

/**
 * The text a finding's range points into: the text of `mtaSts.records[index]`, of `tlsRpt.records[index]`, or the
 * policy body (`policy.text`). Null for a finding without a range.
 */
export type FindingText =
  { text: 'mta-sts-record'; index: number } | { text: 'tls-rpt-record'; index: number } | { text: 'policy' };

/** A finding of a posture: which part it is about, and which text its range (if any) is in. */
export interface PostureFinding extends Finding {
  part: PosturePart;
  rangeIn: FindingText | null;
}

/** A parse result as a posture carries it: the value, or null when the text could not be read as one. */
export interface ParsedView<T> {
  value: T | null;
  /** What the parser found in this text (ranges into it). */
  findings: Finding[];
}

/** A parsed `_mta-sts` record as a posture carries it. */
export interface StsRecordView {
  version: string;
  /** The policy id as written, or null when the record has none. */
  id: string | null;
  fields: RecordField[];
}

/** A parsed policy as a posture carries it (see `Policy`): null for a value that is missing or invalid. */
export interface PolicyView {
  version: string | null;
  mode: PolicyMode | null;
  maxAge: number | null;
  mx: MxPatternEntry[];
  extensions: PolicyField[];
  fields: PolicyField[];
  lineEnding: 'LF' | 'CRLF' | 'mixed';
}

/** How one DNS lookup went, in short. */
export interface LookupSummary {
  name: string;
  type: RecordType;
  /** `answer` when the resolver answered (any RCODE); otherwise the failure kind. */
  outcome: 'answer' | DnsFailureKind;
  rcode: Rcode | null;
  ad: boolean;
  ttl: number | null;
  /** Aliases followed, as `name → target`. */
  cnames: string[];
  /** Why the lookup failed, in words; null when the resolver answered. */
  message: string | null;
}

/** One TXT record found at a record name. */
export interface TxtRecordView<T> {
  /** The strings joined without separators (RFC 8461 §3.1, RFC 8460 §3). */
  text: string;
  strings: string[];
  ttl: number;
  /** The record(s) that are (or look meant as) records of this kind, parsed; null for the others. */
  parsed: ParsedView<T> | null;
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
  selected: TxtRecordView<T> | null;
}

/** The policy fetch and its result. */
export interface PolicyFetch {
  url: string;
  /** `response` when an HTTP response arrived; otherwise why not. */
  outcome: FetchOutcome['kind'];
  status: number | null;
  contentType: string | null;
  location: string | null;
  bytes: number | null;
  elapsedMs: number;
  /** The body as text, when one was read (cut at the size bound). */
  text: string | null;
  parsed: ParsedView<PolicyView> | null;
  /** The policy senders would apply: a 200 `text/plain` body without errors. */
  usable: boolean;
  mode: PolicyMode | null;
}

/** One MX host. */
export interface MxHostView {
  name: string;
  preference: number;
  /** Whether the policy's `mx` patterns cover it; null when there is no usable policy. */
  covered: boolean | null;
  matchedPattern: string | null;
  dane: DaneState;
  tlsa: TlsaData[];
  tlsaLookup: LookupSummary | null;
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
  mtaSts: RecordLookup<StsRecordView>;
  policy: PolicyFetch;
  mx: MxView;
  tlsRpt: RecordLookup<TlsRptRecord>;
  findings: PostureFinding[];
  timings: Timing[];
  elapsedMs: number;
}
