/**
 * The posture engine: every independent lookup of a domain at once (`_mta-sts` TXT, the policy fetch, MX,
 * `_smtp._tls` TXT, the policy host's address), then only what depends on them (TLSA and address of each MX host),
 * so the wall time is the critical path, not the sum. Pure: the resolver and fetcher are injected. Each lookup is
 * reported as it starts and ends (`onProgress`). Rejects only with an AbortError, as soon as the caller's signal
 * fires, and starts no lookup after that.
 */
import { appendFindings } from '../findings/budget.js';
import { judgeDaneCoverage, judgeTlsa, tlsaName } from '../dane/tlsa.js';
import { dnssecFailure, isDefinite } from '../dns/failure.js';
import { memoizeResolver } from '../dns/memo.js';
import { hostAddressesOf } from '../dns/host-addresses.js';
import type { DnsResult, QueryOptions, Rcode, RecordType, Resolver } from '../dns/resolver.js';
import { makeFinding } from '../findings/finding.js';
import type { Finding } from '../findings/types.js';
import { abortError } from '../http/deadline.js';
import type { FetchOutcome, Fetcher } from '../http/fetcher.js';
import { checkMxCoverage, normalizeHost } from '../mta-sts/mx-pattern.js';
import { isNearMissSts, isStsRecordCandidate, parseStsRecord, type StsRecord } from '../mta-sts/record.js';
import {
  isNearMissTlsRpt,
  isTlsRptRecordCandidate,
  parseTlsRptRecord,
  type TlsRptRecord,
} from '../tls-rpt/record/record.js';
import { summarizeLookup } from './lookup.js';
import { placeFinding } from './parts.js';
import {
  defaultPolicyFetchOptions,
  fetchPolicy,
  judgePolicyFetch,
  policyUrl,
  type PolicyFetchOptions,
} from './policy-fetch.js';
import { discoverTxtRecord, findMisplaced, type TxtRecordKind } from './txt-record.js';
import {
  POSTURE_SCHEMA_VERSION,
  type LookupSummary,
  type MxHostView,
  type MxView,
  type Posture,
  type PostureFinding,
  type StsRecordView,
  type Timing,
} from './types.js';
import { verdictOf } from './verdict.js';

/** The I/O the engine needs. */
export interface CheckPorts {
  resolver: Resolver;
  fetcher: Fetcher;
  /** Milliseconds clock for timings; defaults to `performance.now`. */
  now?: () => number;
  /** Wall clock for `checkedAt`; defaults to `Date.now`. */
  wallClock?: () => number;
}

/**
 * One lookup of a check starting or ending, for a view of the check as it runs. Each lookup sends `start` once and
 * `end` once, with the same `id`; after an abort, nothing. Plain JSON.
 */
export interface CheckProgress {
  /** Numbers the lookups of one check from 1, in the order they start. */
  id: number;
  phase: 'start' | 'end';
  kind: 'dns' | 'fetch';
  /** The name asked (DNS) or the URL fetched. */
  name: string;
  /** The record type asked, or `GET`. */
  type: RecordType | 'GET';
  /** A DNS query asked with CD=1 (a second question that tells a DNSSEC failure). */
  checkingDisabled: boolean;
  /**
   * At `end`: how it went, `answer` or the DNS failure kind, or the fetch outcome's kind (`response`, `timeout`,
   * `no-address`, …). Null at `start`.
   */
  outcome: LookupSummary['outcome'] | FetchOutcome['kind'] | null;
  /** At `end`: the DNS RCODE or the HTTP status, when there is one. Null otherwise. */
  status: Rcode | number | null;
  /** Milliseconds since the check started. */
  atMs: number;
}

/** Options of one check. */
export interface CheckOptions {
  /** Aborting it rejects the check at once with an AbortError; no lookup starts after that. */
  signal?: AbortSignal | undefined;
  policy?: Partial<PolicyFetchOptions> | undefined;
  /** Most MX hosts examined (TLSA, address); the rest are listed without them. Default 16. */
  maxMxHosts?: number | undefined;
  /** Told as each lookup starts and ends. An exception it throws is ignored: it cannot fail the check. */
  onProgress?: ((event: CheckProgress) => void) | undefined;
  /** Ask the resolver for fresh answers, not ones from an HTTP cache (a re-check). */
  fresh?: boolean | undefined;
}

const stsKind: TxtRecordKind<StsRecord, StsRecordView> = {
  label: '_mta-sts',
  isCandidate: isStsRecordCandidate,
  isNearMiss: isNearMissSts,
  parse: parseStsRecord,
  view: (record) => ({ version: record.version, id: record.id ?? null, fields: record.fields }),
  codes: {
    failed: 'STS002',
    absent: 'STS001',
    unrelated: 'STS003',
    multiple: 'STS004',
    split: 'STS013',
    alias: 'STS014',
    dangling: 'STS015',
  },
};

const rptKind: TxtRecordKind<TlsRptRecord, TlsRptRecord> = {
  label: '_smtp._tls',
  isCandidate: isTlsRptRecordCandidate,
  isNearMiss: isNearMissTlsRpt,
  parse: parseTlsRptRecord,
  view: (record) => record,
  codes: { failed: 'RPT002', absent: 'RPT001', unrelated: 'RPT004', multiple: 'RPT003', split: 'RPT016' },
};

/**
 * Wrap the ports so that every call is timed relative to the start of the check and reported to `onProgress`, no
 * call starts once the signal has fired, and each question is asked once (`memoizeResolver`).
 */
function checkPorts(
  ports: CheckPorts,
  options: CheckOptions,
  timings: Timing[],
): { resolver: Resolver; fetcher: Fetcher; elapsed: () => number } {
  const now = ports.now ?? (() => performance.now());
  const t0 = now();
  const elapsed = (): number => Math.round((now() - t0) * 10) / 10;
  const { signal, onProgress, fresh } = options;
  let lastId = 0;
  const tell = (event: Omit<CheckProgress, 'atMs'>): void => {
    // An aborted check has ended for its caller: nothing more is told, not even lookups that end later.
    if (signal?.aborted) {
      return;
    }
    try {
      onProgress?.({ ...event, atMs: elapsed() });
    } catch {
      // A listener's failure is the listener's: the check goes on.
    }
  };
  const mayStart = (what: string): void => {
    if (signal?.aborted) {
      throw abortError(signal, what);
    }
  };
  const resolver = memoizeResolver({
    async query(name: string, type: RecordType, queryOptions?: QueryOptions): Promise<DnsResult> {
      mayStart('The check');
      const id = ++lastId;
      const checkingDisabled = queryOptions?.checkingDisabled === true;
      const base = { id, kind: 'dns', name, type, checkingDisabled } as const;
      tell({ ...base, phase: 'start', outcome: null, status: null });
      const startMs = elapsed();
      const result = await ports.resolver.query(
        name,
        type,
        fresh ? { ...queryOptions, fresh } : queryOptions,
      );
      timings.push({ label: `${type} ${name}${checkingDisabled ? ' (CD)' : ''}`, startMs, endMs: elapsed() });
      tell({
        ...base,
        phase: 'end',
        outcome: result.ok ? 'answer' : result.kind,
        status: result.ok ? result.rcode : null,
      });
      return result;
    },
  });
  const fetcher: Fetcher = {
    async get(url, fetchOptions) {
      mayStart('The check');
      const id = ++lastId;
      const base = { id, kind: 'fetch', name: url, type: 'GET', checkingDisabled: false } as const;
      tell({ ...base, phase: 'start', outcome: null, status: null });
      const startMs = elapsed();
      const outcome = await ports.fetcher.get(url, fetchOptions);
      timings.push({ label: `GET ${url}`, startMs, endMs: elapsed() });
      tell({
        ...base,
        phase: 'end',
        outcome: outcome.kind,
        status: outcome.kind === 'response' ? outcome.status : null,
      });
      return outcome;
    },
  };
  return { resolver, fetcher, elapsed };
}

/** The AbortError a check rejects with (the caller's own reason when it is one). */
function checkAborted(signal: AbortSignal): Error {
  return abortError(signal, 'The check') as Error;
}

/**
 * Settle with `work`, or reject with an AbortError as soon as the signal fires, whatever the work is still waiting
 * for (a port that does not listen to the signal cannot hold the caller up).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) {
    return work;
  }
  // Once aborted, the work's own rejection is no one's concern.
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(checkAborted(signal));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? checkAborted(signal) : (error as Error));
      },
    );
  });
}

/** Check one domain's MTA-STS, TLS-RPT and DANE posture. */
export function checkDomain(
  domainInput: string,
  ports: CheckPorts,
  options: CheckOptions = {},
): Promise<Posture> {
  const signal = options.signal;
  if (signal?.aborted) {
    return Promise.reject(checkAborted(signal));
  }
  return untilAborted(check(domainInput, ports, options), signal);
}

/** What a check knows while it runs: the domain, its wrapped ports and options. */
interface CheckContext {
  domain: string;
  resolver: Resolver;
  fetcher: Fetcher;
  signal: AbortSignal | undefined;
  policyOptions: PolicyFetchOptions;
  maxMx: number;
}

type StsDiscovery = Awaited<ReturnType<typeof discoverTxtRecord<StsRecord, StsRecordView>>>;
type RptDiscovery = Awaited<ReturnType<typeof discoverTxtRecord<TlsRptRecord, TlsRptRecord>>>;
type PolicyJudged = Awaited<ReturnType<typeof fetchPolicy>>;
type MxLookup = { mx: MxView; findings: Finding[]; mxResult: DnsResult };

async function check(domainInput: string, ports: CheckPorts, options: CheckOptions): Promise<Posture> {
  const timings: Timing[] = [];
  const { resolver, fetcher, elapsed } = checkPorts(ports, options, timings);
  const checkedAt = new Date((ports.wallClock ?? Date.now)()).toISOString();
  const context: CheckContext = {
    domain: normalizeHost(domainInput),
    resolver,
    fetcher,
    signal: options.signal,
    policyOptions: { ...defaultPolicyFetchOptions, ...options.policy },
    maxMx: options.maxMxHosts ?? 16,
  };
  const { domain, signal, policyOptions } = context;

  const [sts, fetched, mxPart, rpt, policyHost] = await Promise.all([
    discoverTxtRecord(stsKind, domain, resolver, signal),
    fetchPolicy(domain, fetcher, policyOptions, signal),
    lookUpMx(context),
    discoverTxtRecord(rptKind, domain, resolver, signal),
    resolver.query(`mta-sts.${domain}`, 'A', { signal }),
  ]);
  const policy = await withPolicyHostAnswer(domain, fetched, policyHost, resolver, policyOptions, signal);
  const stsExists = sts.lookup.state !== 'absent' && sts.lookup.state !== 'unknown';

  const findings: Finding[] = [...sts.findings];
  appendFindings(findings, await judgeStsRecord(context, sts, policy, policyHost));
  const coverage = await judgeMxCoverage(context, mxPart, stsExists ? policy : undefined);
  appendFindings(findings, coverage.findings);
  appendFindings(findings, mxPart.findings);
  appendFindings(findings, await judgeTlsRpt(context, rpt, stsExists));
  const verdict = verdictOf({
    record: sts.lookup.state,
    policy: policy.fetch,
    noMxCovered: coverage.noMxCovered,
  });
  if (verdict === 'testing') {
    findings.push(makeFinding('STS226'));
  }

  return {
    schemaVersion: POSTURE_SCHEMA_VERSION,
    domain,
    checkedAt,
    verdict,
    mtaSts: sts.lookup,
    policy: policy.fetch,
    mx: mxPart.mx,
    tlsRpt: rpt.lookup,
    findings: placeFindings(findings, sts, rpt),
    timings: timings.sort((a, b) => a.startMs - b.startMs),
    elapsedMs: elapsed(),
  };
}

/**
 * The MX lookup, then TLSA and address of each host (at most `maxMx` of them) as soon as it answers; DANE coverage
 * of the hosts examined. A null MX (RFC 7505) has no hosts; no MX at all makes the domain its own (RFC 5321 §5.1).
 */
async function lookUpMx(context: CheckContext): Promise<MxLookup> {
  const { domain, resolver, signal, maxMx } = context;
  const mxResult = await resolver.query(domain, 'MX', { signal });
  const records = mxResult.ok ? mxResult.records.flatMap((r) => (r.type === 'MX' ? [r.data] : [])) : [];
  const nullMx = records.length === 1 && (records[0]?.exchange === '' || records[0]?.exchange === '.');
  const implicit = isDefinite(mxResult) && records.length === 0;
  const sorted = nullMx ? [] : [...records].sort((a, b) => a.preference - b.preference);
  const hostNames = implicit ? [{ preference: 0, exchange: domain }] : sorted;
  const findings: Finding[] = [];
  const hosts = await Promise.all(
    hostNames.map(async (r, i): Promise<MxHostView> => {
      const view = unexaminedHost(normalizeHost(r.exchange), r.preference);
      return i < maxMx ? examineMxHost(context, view, implicit, findings) : view;
    }),
  );
  const mxValidated = mxResult.ok && mxResult.ad;
  appendFindings(
    findings,
    judgeDaneCoverage(
      domain,
      hosts.slice(0, maxMx).map((h) => h.dane),
      mxValidated,
    ),
  );
  return { mx: { lookup: summarizeLookup(mxResult), nullMx, implicit, hosts }, findings, mxResult };
}

/** An MX host before (or without) its TLSA and address lookups. */
function unexaminedHost(name: string, preference: number): MxHostView {
  return {
    name,
    preference,
    covered: null,
    matchedPattern: null,
    dane: 'unknown',
    tlsa: [],
    tlsaLookup: null,
    tlsaBase: null,
  };
}

/**
 * The TLSA records and address of one MX host: its DANE state, and STS318 when the host name is an alias (except
 * for the implicit MX, which is the domain itself). Findings go to `findings`.
 */
async function examineMxHost(
  context: CheckContext,
  view: MxHostView,
  implicit: boolean,
  findings: Finding[],
): Promise<MxHostView> {
  const { resolver, signal } = context;
  const name = view.name;
  const [atName, address] = await Promise.all([
    resolver.query(tlsaName(name), 'TLSA', { signal }),
    resolver.query(name, 'A', { signal }),
  ]);
  const { base, tlsa } = await tlsaBaseOf(context, name, atName, address);
  // A DNS answer that is no answer: asked again with CD=1 to tell a DNSSEC failure (judgeTlsa).
  const retry =
    tlsa.ok && !tlsa.tc && !isDefinite(tlsa)
      ? await resolver.query(tlsaName(base), 'TLSA', { signal, checkingDisabled: true })
      : undefined;
  const judged = judgeTlsa(name, tlsa, retry);
  appendFindings(findings, judged.findings);
  const target = address.ok ? address.cnames.at(-1)?.target : undefined;
  if (target && !implicit) {
    findings.push(makeFinding('STS318', { data: { mx: name, target } }));
  }
  return {
    ...view,
    dane: judged.state,
    tlsa: judged.tlsa,
    tlsaLookup: summarizeLookup(tlsa),
    tlsaBase: base,
  };
}

/**
 * The TLSA base domain of an MX host and the TLSA answer there. RFC 7672 §2.2.2, §2.2.3: when the host name is an
 * alias whose whole expansion validates, the expanded name is the first candidate TLSA base domain, and the host
 * name only the second. A failed lookup there makes the host unusable like one at the host name (§2.1.2).
 */
async function tlsaBaseOf(
  context: CheckContext,
  name: string,
  atName: DnsResult,
  address: DnsResult,
): Promise<{ base: string; tlsa: DnsResult }> {
  const expanded = address.ok && !address.tc && address.ad ? address.cnames.at(-1)?.target : undefined;
  const expandedName = expanded === undefined ? undefined : normalizeHost(expanded);
  if (expandedName === undefined || expandedName === name) {
    return { base: name, tlsa: atName };
  }
  const atExpanded = await context.resolver.query(tlsaName(expandedName), 'TLSA', { signal: context.signal });
  const secureRecords = atExpanded.ok && atExpanded.ad && atExpanded.records.some((r) => r.type === 'TLSA');
  // A failed or unanswered lookup stays with this candidate too: bogus or unknown, never absent.
  return secureRecords || !isDefinite(atExpanded)
    ? { base: expandedName, tlsa: atExpanded }
    : { base: name, tlsa: atName };
}

/**
 * What the `_mta-sts` record's state says together with the policy: without a record, where one was misplaced
 * (STS016) and a policy served for nothing (STS115); with one, a policy host that is an alias (STS116) and the
 * policy's own findings. When neither the record nor the policy host could be reached, nothing is certain.
 */
async function judgeStsRecord(
  context: CheckContext,
  sts: StsDiscovery,
  policy: PolicyJudged,
  policyHost: DnsResult,
): Promise<Finding[]> {
  const { domain, resolver, signal } = context;
  const findings: Finding[] = [];
  if (sts.lookup.state === 'absent') {
    const misplaced = await findMisplaced(
      [domain, `_mta_sts.${domain}`, `_smtp_sts.${domain}`],
      isStsRecordCandidate,
      resolver,
      signal,
    );
    for (const name of misplaced) {
      findings.push(makeFinding('STS016', { data: { name, domain } }));
    }
    if (policy.fetch.usable) {
      findings.push(makeFinding('STS115', { data: { url: policy.fetch.url } }));
    }
  } else if (sts.lookup.state === 'unknown' && policy.fetch.outcome !== 'response') {
    // Neither the record nor the policy host could be reached: nothing certain to say about the policy.
  } else {
    const alias = policyHost.ok ? policyHost.cnames.at(-1)?.target : undefined;
    if (alias) {
      findings.push(makeFinding('STS116', { data: { domain, target: alias } }));
    }
    appendFindings(findings, policy.findings);
  }
  return findings;
}

/**
 * Whether the policy's `mx` patterns cover the MX hosts, which needs a definite MX answer and a usable policy
 * (`policy` undefined when there is no record). Marks each host covered or not; `noMxCovered` is STS312.
 */
async function judgeMxCoverage(
  context: CheckContext,
  mxPart: MxLookup,
  policy: PolicyJudged | undefined,
): Promise<{ findings: Finding[]; noMxCovered: boolean }> {
  const { domain, resolver, signal } = context;
  const { mx, mxResult } = mxPart;
  if (!isDefinite(mxResult)) {
    const findings = await dnssecFailure(mxResult, resolver, signal);
    findings.push(makeFinding('STS309', { data: { domain, rcode: mx.lookup.rcode ?? mx.lookup.outcome } }));
    return { findings, noMxCovered: false };
  }
  const fetch = policy?.fetch;
  if (!fetch?.usable || !fetch.mode || !fetch.parsed?.value) {
    return { findings: [], noMxCovered: false };
  }
  const coverage = checkMxCoverage({
    domain,
    mode: fetch.mode,
    patterns: fetch.parsed.value.mx.filter((m) => m.valid).map((m) => m.pattern),
    mxHosts: mx.implicit ? [] : mx.hosts.map((h) => h.name),
    nullMx: mx.nullMx,
  });
  for (const host of mx.hosts) {
    const c = coverage.coverage.find((x) => normalizeHost(x.host) === host.name);
    if (c) {
      host.covered = c.covered;
      host.matchedPattern = c.matchedPattern ?? null;
    }
  }
  return { findings: coverage.findings, noMxCovered: coverage.findings.some((f) => f.code === 'STS312') };
}

/**
 * The TLS-RPT record's findings: without it MTA-STS failures go unseen (STS227 instead of RPT001 when there is an
 * MTA-STS record; RFC 8461 §6); where one was misplaced (RPT017); a TTL under an hour (RPT019).
 */
async function judgeTlsRpt(context: CheckContext, rpt: RptDiscovery, stsExists: boolean): Promise<Finding[]> {
  const { domain, resolver, signal } = context;
  const findings = rpt.findings.map((f) => (f.code === 'RPT001' && stsExists ? makeFinding('STS227') : f));
  if (rpt.lookup.state === 'absent') {
    const misplaced = await findMisplaced(
      [`_smtp-tlsrpt.${domain}`, `_smtp_tlsrpt.${domain}`, `_tlsrpt.${domain}`, domain],
      isTlsRptRecordCandidate,
      resolver,
      signal,
    );
    for (const name of misplaced) {
      findings.push(makeFinding('RPT017', { data: { name, domain } }));
    }
  }
  const rptTtl = rpt.lookup.selected?.ttl;
  if (rptTtl !== undefined && rptTtl < 3600) {
    findings.push(makeFinding('RPT019', { data: { ttl: rptTtl } }));
  }
  return findings;
}

/**
 * Each finding with the part of the posture it is about and the text its range is in. Only the parsers' findings
 * have ranges: those of the record chosen at each name, and of the policy body.
 */
function placeFindings(findings: Finding[], sts: StsDiscovery, rpt: RptDiscovery): PostureFinding[] {
  const stsFindings = new Set(sts.chosen === null ? [] : sts.lookup.records[sts.chosen]?.parsed?.findings);
  const rptFindings = new Set(rpt.chosen === null ? [] : rpt.lookup.records[rpt.chosen]?.parsed?.findings);
  return findings.map((f): PostureFinding => {
    if (sts.chosen !== null && stsFindings.has(f)) {
      return placeFinding(f, { text: 'mta-sts-record', index: sts.chosen });
    }
    if (rpt.chosen !== null && rptFindings.has(f)) {
      return placeFinding(f, { text: 'tls-rpt-record', index: rpt.chosen });
    }
    return placeFinding(f, f.range ? { text: 'policy' } : null);
  });
}

/**
 * A browser's fetch fails the same way whether the policy host has no address or its certificate is bad
 * (`opaque-failure`, STS114). When the resolver says the host has no address, the failure is that, as the Node
 * fetcher (which looks the host up itself) says: STS101 in every runtime.
 */
async function withPolicyHostAnswer(
  domain: string,
  fetched: PolicyJudged,
  a: DnsResult,
  resolver: Resolver,
  options: PolicyFetchOptions,
  signal: AbortSignal | undefined,
): Promise<PolicyJudged> {
  if (fetched.fetch.outcome !== 'opaque-failure') {
    return fetched;
  }
  const aaaa = await resolver.query(`mta-sts.${domain}`, 'AAAA', { signal });
  const addresses = hostAddressesOf(a, aaaa);
  if (addresses.kind !== 'no-address') {
    return fetched;
  }
  const outcome: FetchOutcome = {
    kind: 'no-address',
    rcode: addresses.rcode,
    elapsedMs: fetched.fetch.elapsedMs,
  };
  return judgePolicyFetch(domain, policyUrl(domain), outcome, options);
}
