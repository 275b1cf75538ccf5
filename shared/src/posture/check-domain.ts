/**
 * The posture engine: every independent lookup of a domain at once (`_mta-sts` TXT, the policy fetch, MX,
 * `_smtp._tls` TXT, the policy host's address), then only what depends on them (TLSA and address of each MX host),
 * so the wall time is the critical path, not the sum. Pure: the resolver and fetcher are injected. Rejects only
 * with an AbortError when the caller's signal fires.
 */
import { appendFindings } from '../findings/budget.js';
import { judgeDaneCoverage, judgeTlsa, tlsaName } from '../dane/tlsa.js';
import { memoizeResolver } from '../dns/memo.js';
import type { DnsResult, QueryOptions, RecordType, Resolver } from '../dns/resolver.js';
import { makeFinding } from '../findings/finding.js';
import type { Finding } from '../findings/types.js';
import type { Fetcher } from '../http/fetcher.js';
import { checkMxCoverage, normalizeHost } from '../mta-sts/mx-pattern.js';
import { isNearMissSts, isStsRecordCandidate, parseStsRecord, type StsRecord } from '../mta-sts/record.js';
import {
  isNearMissTlsRpt,
  isTlsRptRecordCandidate,
  parseTlsRptRecord,
  type TlsRptRecord,
} from '../tls-rpt/record.js';
import { dnssecFailure, isDefinite, summarizeLookup } from './lookup.js';
import { defaultPolicyFetchOptions, fetchPolicy, type PolicyFetchOptions } from './policy-fetch.js';
import { discoverTxtRecord, findMisplaced, type TxtRecordKind } from './txt-record.js';
import { POSTURE_SCHEMA_VERSION, type MxHostView, type MxView, type Posture, type Timing } from './types.js';
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

/** Options of one check. */
export interface CheckOptions {
  signal?: AbortSignal | undefined;
  policy?: Partial<PolicyFetchOptions> | undefined;
  /** Most MX hosts examined (TLSA, address); the rest are listed without them. Default 16. */
  maxMxHosts?: number | undefined;
}

const stsKind: TxtRecordKind<StsRecord> = {
  label: '_mta-sts',
  isCandidate: isStsRecordCandidate,
  isNearMiss: isNearMissSts,
  parse: parseStsRecord,
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

const rptKind: TxtRecordKind<TlsRptRecord> = {
  label: '_smtp._tls',
  isCandidate: isTlsRptRecordCandidate,
  isNearMiss: isNearMissTlsRpt,
  parse: parseTlsRptRecord,
  codes: { failed: 'RPT002', absent: 'RPT001', unrelated: 'RPT004', multiple: 'RPT003', split: 'RPT016' },
};

/** Wrap the ports so every call is timed relative to the start of the check. */
function timedPorts(
  ports: CheckPorts,
  timings: Timing[],
): { resolver: Resolver; fetcher: Fetcher; elapsed: () => number } {
  const now = ports.now ?? (() => performance.now());
  const t0 = now();
  const elapsed = (): number => Math.round((now() - t0) * 10) / 10;
  const resolver = memoizeResolver({
    async query(name: string, type: RecordType, options?: QueryOptions): Promise<DnsResult> {
      const startMs = elapsed();
      const result = await ports.resolver.query(name, type, options);
      timings.push({
        label: `${type} ${name}${options?.checkingDisabled ? ' (CD)' : ''}`,
        startMs,
        endMs: elapsed(),
      });
      return result;
    },
  });
  const fetcher: Fetcher = {
    async get(url, options) {
      const startMs = elapsed();
      const outcome = await ports.fetcher.get(url, options);
      timings.push({ label: `GET ${url}`, startMs, endMs: elapsed() });
      return outcome;
    },
  };
  return { resolver, fetcher, elapsed };
}

/** Check one domain's MTA-STS, TLS-RPT and DANE posture. */
export async function checkDomain(
  domainInput: string,
  ports: CheckPorts,
  options: CheckOptions = {},
): Promise<Posture> {
  const domain = normalizeHost(domainInput);
  const signal = options.signal;
  const policyOptions = { ...defaultPolicyFetchOptions, ...options.policy };
  const maxMx = options.maxMxHosts ?? 16;
  const timings: Timing[] = [];
  const { resolver, fetcher, elapsed } = timedPorts(ports, timings);
  const checkedAt = new Date((ports.wallClock ?? Date.now)()).toISOString();

  const mxStage = async (): Promise<{ mx: MxView; findings: Finding[]; mxResult: DnsResult }> => {
    const mxResult = await resolver.query(domain, 'MX', { signal });
    const records = mxResult.ok ? mxResult.records.flatMap((r) => (r.type === 'MX' ? [r.data] : [])) : [];
    const nullMx = records.length === 1 && (records[0]?.exchange === '' || records[0]?.exchange === '.');
    const implicit = isDefinite(mxResult) && records.length === 0;
    const sorted = nullMx ? [] : [...records].sort((a, b) => a.preference - b.preference);
    const hostNames = implicit ? [{ preference: 0, exchange: domain }] : sorted;
    const findings: Finding[] = [];
    const hosts = await Promise.all(
      hostNames.map(async (r, i): Promise<MxHostView> => {
        const name = normalizeHost(r.exchange);
        const view: MxHostView = {
          name,
          preference: r.preference,
          covered: null,
          matchedPattern: null,
          dane: 'unknown',
          tlsa: [],
          tlsaLookup: undefined,
          tlsaBase: null,
        };
        if (i >= maxMx) {
          return view;
        }
        const [atName, address] = await Promise.all([
          resolver.query(tlsaName(name), 'TLSA', { signal }),
          resolver.query(name, 'A', { signal }),
        ]);
        // RFC 7672 §2.2.2, §2.2.3: when the host name is an alias whose whole expansion validates, the expanded
        // name is the first candidate TLSA base domain, and the host name only the second. A failed lookup there
        // makes the host unusable like one at the host name (§2.1.2).
        const expanded = address.ok && !address.tc && address.ad ? address.cnames.at(-1)?.target : undefined;
        const expandedName = expanded === undefined ? undefined : normalizeHost(expanded);
        let base = name;
        let tlsa = atName;
        if (expandedName !== undefined && expandedName !== name) {
          const atExpanded = await resolver.query(tlsaName(expandedName), 'TLSA', { signal });
          const secureRecords =
            atExpanded.ok && atExpanded.ad && atExpanded.records.some((r) => r.type === 'TLSA');
          // A failed or unanswered lookup stays with this candidate too: bogus or unknown, never absent.
          if (secureRecords || !isDefinite(atExpanded)) {
            base = expandedName;
            tlsa = atExpanded;
          }
        }
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
  };

  const [sts, policy, mxPart, rpt, policyHost] = await Promise.all([
    discoverTxtRecord(stsKind, domain, resolver, signal),
    fetchPolicy(domain, fetcher, policyOptions, signal),
    mxStage(),
    discoverTxtRecord(rptKind, domain, resolver, signal),
    resolver.query(`mta-sts.${domain}`, 'A', { signal }),
  ]);

  const findings: Finding[] = [...sts.findings];
  const stsExists = sts.lookup.state !== 'absent' && sts.lookup.state !== 'unknown';

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

  // MX coverage needs a usable policy and a definite MX answer.
  let noMxCovered = false;
  if (!isDefinite(mxPart.mxResult)) {
    appendFindings(findings, await dnssecFailure(mxPart.mxResult, resolver, signal));
    findings.push(
      makeFinding('STS309', { data: { domain, rcode: mxPart.mx.lookup.rcode ?? mxPart.mx.lookup.outcome } }),
    );
  } else if (stsExists && policy.fetch.usable && policy.fetch.mode && policy.fetch.parsed?.value) {
    const patterns = policy.fetch.parsed.value.mx.filter((m) => m.valid).map((m) => m.pattern);
    const coverage = checkMxCoverage({
      domain,
      mode: policy.fetch.mode,
      patterns,
      mxHosts: mxPart.mx.implicit ? [] : mxPart.mx.hosts.map((h) => h.name),
      nullMx: mxPart.mx.nullMx,
    });
    appendFindings(findings, coverage.findings);
    noMxCovered = coverage.findings.some((f) => f.code === 'STS312');
    for (const host of mxPart.mx.hosts) {
      const c = coverage.coverage.find((x) => normalizeHost(x.host) === host.name);
      if (c) {
        host.covered = c.covered;
        host.matchedPattern = c.matchedPattern ?? null;
      }
    }
  }
  appendFindings(findings, mxPart.findings);

  // TLS-RPT: without it, MTA-STS failures go unseen (RFC 8461 §6).
  for (const f of rpt.findings) {
    findings.push(f.code === 'RPT001' && stsExists ? makeFinding('STS227') : f);
  }
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

  const verdict = verdictOf({ record: sts.lookup.state, policy: policy.fetch, noMxCovered });
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
    findings,
    timings: timings.sort((a, b) => a.startMs - b.startMs),
    elapsedMs: elapsed(),
  };
}
