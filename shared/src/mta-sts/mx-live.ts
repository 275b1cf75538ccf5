/**
 * The live part of the `mx` check for an editor: given a policy text and the domain's current MX set, which `mx`
 * lines cover no MX host and which MX hosts no line covers, located on the `mx` lines, with a fix that adds the
 * missing `mx` line where one is certain. Pure: the caller looks the MX set up. Never throws.
 * @see RFC 8461 §4.1
 */
import type { DnsResult } from '../dns/resolver.js';
import { makeFinding } from '../findings/finding.js';
import type { Finding, Fix, Range } from '../findings/types.js';
import { createLineIndex } from '../text/line-index.js';
import { checkMxCoverage } from './mx-pattern.js';
import type { Policy } from './policy-types.js';

/** The MX set as DNS gave it. */
export interface LiveMxSet {
  domain: string;
  /** Exchange names; empty when the domain has no MX records. */
  hosts: string[];
  /** A null MX (`0 .`, RFC 7505). */
  nullMx: boolean;
}

/**
 * Coverage findings (STS310–STS317) for a policy against the live MX set. A pattern's finding sits on its `mx`
 * value; a host's finding on the last `mx` line (the `mode` value when there is none), with a fix adding
 * `mx: <host>` after it for STS310, STS311 and STS314.
 */
export function checkPolicyMx(text: string, policy: Policy, mx: LiveMxSet): Finding[] {
  if (!policy.mode) {
    return [];
  }
  const index = createLineIndex(text);
  const entries = policy.mx.filter((e) => e.valid);
  const { findings } = checkMxCoverage({
    domain: mx.domain,
    mode: policy.mode,
    patterns: entries.map((e) => e.pattern),
    mxHosts: mx.hosts,
    nullMx: mx.nullMx,
  });
  const modeField = policy.fields.find((f) => f.name === 'mode');
  const last = policy.mx[policy.mx.length - 1]?.field ?? modeField;
  const anchor: Range = last ? index.rangeOf(last.valueStart, last.valueEnd) : index.rangeOf(0, 0);
  const eol = policy.lineEnding === 'LF' ? '\n' : '\r\n';
  const addMx = (host: string): Fix | undefined => {
    if (!last) {
      return undefined;
    }
    // After the anchor line's terminator, or a new line at the end of a text without a final one.
    const lineEnd = index.offsetAt({ line: index.positionAt(last.valueEnd).line + 1, character: 0 });
    const atEnd = lineEnd === text.length && !/[\r\n]$/.test(text);
    const at = index.positionAt(lineEnd);
    return {
      title: `Add \`mx: ${host}\``,
      edits: [{ range: { start: at, end: at }, newText: atEnd ? `${eol}mx: ${host}` : `mx: ${host}${eol}` }],
    };
  };
  const entryOf = (pattern: unknown): Range | undefined => {
    const e = entries.find((x) => x.pattern === pattern);
    return e ? index.rangeOf(e.field.valueStart, e.field.valueEnd) : undefined;
  };
  return findings.map((f) => {
    const data = f.data ?? {};
    // Only these codes get a place of their own in the policy; every other one is anchored.
    const code: string = f.code;
    switch (code) {
      case 'STS315':
        return makeFinding('STS315', { data, range: entryOf(data.pattern) ?? anchor });
      case 'STS313':
        return makeFinding('STS313', { data, range: entryOf(data.pattern) ?? anchor });
      case 'STS314':
        return makeFinding('STS314', {
          data,
          range: entryOf(data.pattern) ?? anchor,
          fix: addMx(String(data.mx)),
        });
      case 'STS310':
      case 'STS311':
        return makeFinding(f.code, { data, range: anchor, fix: addMx(String(data.mx)) });
      case 'STS312':
        return makeFinding('STS312', {
          data,
          range: modeField ? index.rangeOf(modeField.valueStart, modeField.valueEnd) : anchor,
        });
      default:
        return { ...f, range: anchor };
    }
  });
}

/**
 * The policy domain a file path names: `…/<domain>/.well-known/mta-sts.txt` or `…/mta-sts.<domain>/…`
 * (RFC 8461 §3.3: the policy is served by `mta-sts.<domain>` at `/.well-known/mta-sts.txt`); '' when it names none.
 */
export function policyDomainOfPath(path: string): string {
  const parts = path.toLowerCase().split(/[\\/]+/);
  const hostLike = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] ?? '';
    if (part.startsWith('mta-sts.') && hostLike.test(part.slice(8))) {
      return part.slice(8);
    }
    if (part === '.well-known' && i > 0 && hostLike.test(parts[i - 1] ?? '')) {
      return (parts[i - 1] ?? '').replace(/^mta-sts\./, '');
    }
  }
  return '';
}

/**
 * The MX set of a lookup result, with how long it may be kept (its TTL in seconds); undefined when the lookup
 * failed (no answer, SERVFAIL…): then coverage cannot be judged. NXDOMAIN and NODATA give the empty set.
 */
export function liveMxSetOf(domain: string, result: DnsResult): { set: LiveMxSet; ttl: number } | undefined {
  if (!result.ok || (result.rcode !== 'NOERROR' && result.rcode !== 'NXDOMAIN')) {
    return undefined;
  }
  const exchanges = result.records.flatMap((r) => (r.type === 'MX' ? [r.data.exchange] : []));
  const nullMx = exchanges.length === 1 && (exchanges[0] === '' || exchanges[0] === '.');
  return {
    set: { domain, hosts: nullMx ? [] : exchanges, nullMx },
    ttl: result.ttl ?? 300,
  };
}
