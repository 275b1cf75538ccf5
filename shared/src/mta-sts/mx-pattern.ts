/**
 * MX patterns and MX coverage (RFC 8461 §4.1): a leading `*.` covers exactly one whole label; case and one trailing
 * dot are ignored; names compare as A-labels. Coverage judges a domain's MX hosts against a policy's patterns as a
 * sender would. Pure. Never throws.
 */
import { makeFinding } from '../findings/finding.js';
import type { Finding } from '../findings/types.js';
import type { PolicyMode } from './policy-types.js';

const asciiUpper = /[A-Z]/g;
/** Characters that would make the URL parser read something other than a host (a port, a path, user info …). */
const notHostChars = /[\s/?#@:[\]\\%\x00-\x1f\x7f]/;
const aLabelName = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;
const ipv4Like = /^[0-9.]+$|^0x/i;

/**
 * A host name (optionally with a leading `*.`) in A-labels via the platform's IDNA (UTS #46, as the URL parser does
 * it), or undefined when it has no A-label form. ASCII names come back lower-cased.
 * @see RFC 8461 §3.2 (IDNs are written as A-labels)
 */
export function toALabels(name: string): string | undefined {
  const wildcard = name.startsWith('*.');
  const rest = wildcard ? name.slice(2) : name;
  if (rest === '' || notHostChars.test(rest)) {
    return undefined;
  }
  let host: string;
  try {
    host = new URL(`http://${rest}/`).hostname;
  } catch {
    return undefined;
  }
  // Full-width digits and dots can map to an IPv4 address; that is no host name.
  if (!aLabelName.test(host) || ipv4Like.test(host)) {
    return undefined;
  }
  return wildcard ? `*.${host}` : host;
}

/**
 * The form in which names are compared: ASCII letters lower-cased, one trailing dot removed, U-labels converted to
 * A-labels (left as they are when they have no A-label form).
 * @see RFC 8461 §4.1
 */
export function normalizeHost(name: string): string {
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  const lower = n.replace(asciiUpper, (c) => c.toLowerCase());
  if (!/[^\x00-\x7f]/.test(lower)) {
    return lower;
  }
  return toALabels(lower) ?? lower;
}

/**
 * Whether an MX host name matches a policy `mx` pattern. `*.example.com` matches `mail.example.com` but neither
 * `example.com` nor `foo.bar.example.com`.
 * @see RFC 8461 §4.1
 */
export function mxMatches(host: string, pattern: string): boolean {
  const h = normalizeHost(host);
  const p = normalizeHost(pattern);
  if (h === '' || p === '') {
    return false;
  }
  if (p.startsWith('*.')) {
    const dot = h.indexOf('.');
    return dot > 0 && h.slice(dot + 1) === p.slice(2);
  }
  return h === p;
}

/** Coverage of one MX host. */
export interface MxCoverage {
  /** The host name, normalised. */
  host: string;
  covered: boolean;
  /** The first pattern (as given) that matches the host. */
  matchedPattern: string | undefined;
}

/** Input of the coverage check. */
export interface MxCoverageInput {
  /** The policy domain. */
  domain: string;
  mode: PolicyMode;
  /** The policy's valid `mx` patterns. */
  patterns: string[];
  /** MX exchange names; empty when the domain has no MX records. */
  mxHosts: string[];
  /** The domain publishes a null MX (`0 .`, RFC 7505). */
  nullMx: boolean;
}

/**
 * Which MX hosts the policy covers, and the findings STS310–STS317 a sender's view implies. Without MX records the
 * domain itself is the implicit MX (RFC 5321 §5.1). With `mode: none` nothing is judged. STS309 (lookup failure)
 * and STS318 (alias) need DNS and belong to the posture engine.
 * @see RFC 8461 §4.1, §5
 */
export function checkMxCoverage(input: MxCoverageInput): { coverage: MxCoverage[]; findings: Finding[] } {
  const { mode, patterns } = input;
  const domain = normalizeHost(input.domain);
  const findings: Finding[] = [];
  if (input.nullMx) {
    return { coverage: [], findings: [makeFinding('STS316', { data: { domain } })] };
  }
  const implicit = input.mxHosts.length === 0;
  const hosts = [...new Set(implicit ? [domain] : input.mxHosts.map(normalizeHost))];
  // Index the patterns once (normalised name → indexes), so coverage is linear in hosts + patterns: a hostile
  // policy and MX set can hold thousands of each.
  const exact = new Map<string, number[]>();
  const wild = new Map<string, number[]>();
  patterns.forEach((pattern, i) => {
    const p = normalizeHost(pattern);
    if (p === '' || p === '*.') {
      return;
    }
    const [map, key] = p.startsWith('*.') ? [wild, p.slice(2)] : [exact, p];
    const list = map.get(key);
    if (list === undefined) {
      map.set(key, [i]);
    } else {
      list.push(i);
    }
  });
  const matchedBy = (host: string): number[] => {
    const dot = host.indexOf('.');
    const parent = dot > 0 ? (wild.get(host.slice(dot + 1)) ?? []) : [];
    return [...(exact.get(host) ?? []), ...parent];
  };
  const used = new Set<number>();
  const coverage = hosts.map((host): MxCoverage => {
    const hits = host === '' ? [] : matchedBy(host);
    hits.forEach((i) => used.add(i));
    // A loop, not `Math.min(...hits)`: a spread of thousands of indexes overflows the stack.
    let first: number | undefined;
    for (const i of hits) {
      if (first === undefined || i < first) {
        first = i;
      }
    }
    return {
      host,
      covered: first !== undefined,
      matchedPattern: first === undefined ? undefined : patterns[first],
    };
  });
  if (mode === 'none') {
    return { coverage, findings };
  }
  if (implicit) {
    findings.push(makeFinding('STS317', { data: { domain } }));
  }
  const noneCovered = coverage.every((c) => !c.covered);
  if (noneCovered && mode === 'enforce') {
    findings.push(makeFinding('STS312', { data: { domain } }));
  }
  for (const c of coverage) {
    if (c.covered) {
      continue;
    }
    // Not matched, yet under a wildcard's base: `*` would have to span two or more labels.
    let deep: number | undefined;
    for (let i = c.host.indexOf('.'); i >= 0 && deep === undefined; i = c.host.indexOf('.', i + 1)) {
      deep = wild.get(c.host.slice(i + 1))?.[0];
    }
    const itself = wild.get(c.host)?.[0];
    if (deep !== undefined) {
      findings.push(makeFinding('STS313', { data: { mx: c.host, pattern: patterns[deep] ?? '' } }));
    } else if (itself !== undefined) {
      findings.push(makeFinding('STS314', { data: { mx: c.host, pattern: patterns[itself] ?? '' } }));
    } else if (mode === 'testing') {
      findings.push(makeFinding('STS311', { data: { mx: c.host } }));
    } else if (!noneCovered) {
      findings.push(makeFinding('STS310', { data: { mx: c.host } }));
    }
  }
  patterns.forEach((pattern, i) => {
    if (!used.has(i)) {
      findings.push(makeFinding('STS315', { data: { pattern } }));
    }
  });
  return { coverage, findings };
}
