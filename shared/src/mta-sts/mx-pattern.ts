/**
 * MX patterns and MX coverage (RFC 8461 §4.1): a leading `*.` covers exactly one label; case and one trailing dot
 * are ignored. Pure. Never throws.
 */
import { makeFinding } from '../findings/finding.js';
import type { Finding } from '../findings/types.js';
import type { PolicyMode } from './policy.js';

/** Lower-case ASCII, strip one trailing dot, U-labels to A-labels. Returns the input lower-cased if IDNA fails. */
export function normalizeHost(name: string): string {
  let n = name.trim().toLowerCase();
  if (n.endsWith('.')) {
    n = n.slice(0, -1);
  }
  if (/[^\x00-\x7f]/.test(n)) {
    n = toALabels(n) ?? n;
  }
  return n;
}

/** Convert a host name (possibly with a leading `*.`) to A-labels, or undefined when it cannot be. */
export function toALabels(name: string): string | undefined {
  const wildcard = name.startsWith('*.');
  const rest = wildcard ? name.slice(2) : name;
  try {
    const host = new URL(`http://${rest}/`).hostname;
    return wildcard ? `*.${host}` : host;
  } catch {
    return undefined;
  }
}

/** Whether an MX host name matches a policy `mx` pattern (RFC 8461 §4.1). */
export function mxMatches(host: string, pattern: string): boolean {
  const h = normalizeHost(host);
  const p = normalizeHost(pattern);
  if (p.startsWith('*.')) {
    const dot = h.indexOf('.');
    return dot > 0 && h.slice(dot + 1) === p.slice(2);
  }
  return h === p;
}

/** Coverage of one MX host. */
export interface MxCoverage {
  host: string;
  covered: boolean;
  matchedPattern: string | undefined;
}

/** Input of the coverage check. */
export interface MxCoverageInput {
  domain: string;
  mode: PolicyMode;
  patterns: string[];
  /** MX exchange names; empty when the domain has no MX records. */
  mxHosts: string[];
  nullMx: boolean;
}

/** Which MX hosts the policy covers, with the findings a sender's view implies (RFC 8461 §4.1, §5). */
export function checkMxCoverage(input: MxCoverageInput): { coverage: MxCoverage[]; findings: Finding[] } {
  const { domain, mode, patterns } = input;
  const findings: Finding[] = [];
  if (input.nullMx) {
    return { coverage: [], findings: [makeFinding('STS316', { data: { domain } })] };
  }
  let hosts = input.mxHosts.map(normalizeHost);
  if (hosts.length === 0) {
    // RFC 5321 §5.1: without MX records the domain itself is the mail host.
    findings.push(makeFinding('STS317', { data: { domain } }));
    hosts = [normalizeHost(domain)];
  }
  const coverage = hosts.map((host): MxCoverage => {
    const matchedPattern = patterns.find((p) => mxMatches(host, p));
    return { host, covered: matchedPattern !== undefined, matchedPattern };
  });
  if (mode === 'none') {
    return { coverage, findings };
  }
  const noneCovered = coverage.every((c) => !c.covered);
  if (noneCovered && mode === 'enforce') {
    findings.push(makeFinding('STS312', { data: { domain } }));
  }
  for (const c of coverage) {
    if (c.covered) {
      continue;
    }
    const near = patterns
      .map(normalizeHost)
      .find((p) => p.startsWith('*.') && c.host.endsWith(`.${p.slice(2)}`));
    const base = patterns.map(normalizeHost).find((p) => p.startsWith('*.') && c.host === p.slice(2));
    if (near) {
      findings.push(makeFinding('STS313', { data: { mx: c.host, pattern: near } }));
    } else if (base) {
      findings.push(makeFinding('STS314', { data: { mx: c.host, pattern: base } }));
    } else if (!(noneCovered && mode === 'enforce')) {
      findings.push(makeFinding(mode === 'enforce' ? 'STS310' : 'STS311', { data: { mx: c.host } }));
    }
  }
  if (input.mxHosts.length > 0) {
    for (const pattern of patterns) {
      if (!hosts.some((h) => mxMatches(h, pattern))) {
        findings.push(makeFinding('STS315', { data: { pattern } }));
      }
    }
  }
  return { coverage, findings };
}
