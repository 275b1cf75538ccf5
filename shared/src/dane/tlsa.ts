/**
 * DANE for one MX host (RFC 7672): what the TLSA answer at `_25._tcp.<mx>` means to a DANE sender, and what is
 * wrong with the records themselves (RFC 6698 §2.1, RFC 7672 §3.1). Pure. Never throws.
 */
import { failureReason, transportFindings } from '../dns/failure.js';
import type { DnsResult, TlsaData } from '../dns/resolver.js';
import { makeFinding } from '../findings/finding.js';
import type { Finding } from '../findings/types.js';

/** DANE state of one MX host. */
export type DaneState = 'dane' | 'dane-unusable' | 'not-validated' | 'none' | 'bogus' | 'unknown';

/** The TLSA owner name for SMTP on port 25 (RFC 7672 §2.2). */
export function tlsaName(mx: string): string {
  return `_25._tcp.${mx}`;
}

/** Presentation form of a TLSA record, shortened for messages. */
export function formatTlsa(r: TlsaData): string {
  const hex = r.data.length > 16 ? `${r.data.slice(0, 16)}…` : r.data;
  return `${r.usage} ${r.selector} ${r.matchingType} ${hex}`;
}

const digestBytes: Record<number, number> = { 1: 32, 2: 64 };

/** Why a record is unusable for a DANE SMTP sender, or undefined when it is usable. */
function unusableReason(r: TlsaData, mx: string): Finding | undefined {
  const rr = formatTlsa(r);
  if (r.usage > 3 || r.selector > 1 || r.matchingType > 2) {
    return makeFinding('DANE011', { data: { rr, mx } });
  }
  if (!/^([0-9a-f]{2})+$/.test(r.data)) {
    return makeFinding('DANE005', { data: { rr, reason: 'no association data' } });
  }
  const want = digestBytes[r.matchingType];
  if (want !== undefined && r.data.length / 2 !== want) {
    return makeFinding('DANE005', {
      data: { rr, reason: `digest is ${r.data.length / 2} bytes, expected ${want}` },
    });
  }
  if (r.usage === 0 || r.usage === 1) {
    return makeFinding('DANE004', { data: { rr, usage: r.usage } });
  }
  return undefined;
}

/** Judge the TLSA lookup of one MX host. `cdRetry` is the same lookup with CD=1, asked only after a failure. */
export function judgeTlsa(
  mx: string,
  result: DnsResult,
  cdRetry: DnsResult | undefined,
): { state: DaneState; tlsa: TlsaData[]; findings: Finding[] } {
  if (!result.ok || result.tc) {
    // Our resolver failed us (timeout, unreachable, truncated): that says nothing about the domain's DNSSEC.
    return { state: 'unknown', tlsa: [], findings: transportFindings(result) };
  }
  if (result.rcode !== 'NOERROR' && result.rcode !== 'NXDOMAIN') {
    // RFC 7672 §2.1.2: a failed TLSA lookup makes the host unusable for DANE senders.
    const bogus = cdRetry?.ok === true && (cdRetry.rcode === 'NOERROR' || cdRetry.rcode === 'NXDOMAIN');
    const reason = bogus ? 'DNSSEC validation fails; the lookup succeeds with CD=1' : failureReason(result);
    return {
      state: bogus ? 'bogus' : 'unknown',
      tlsa: [],
      findings: [makeFinding('DANE003', { data: { mx, reason } })],
    };
  }
  const tlsa = result.records.flatMap((r) => (r.type === 'TLSA' ? [r.data] : []));
  if (tlsa.length === 0) {
    return { state: 'none', tlsa, findings: [] };
  }
  if (!result.ad) {
    return { state: 'not-validated', tlsa, findings: [makeFinding('DANE002', { data: { mx } })] };
  }
  const findings: Finding[] = [makeFinding('DANE001', { data: { mx } })];
  let usable = 0;
  for (const r of tlsa) {
    const problem = unusableReason(r, mx);
    if (problem) {
      findings.push(problem);
    } else {
      usable++;
    }
    if (r.matchingType === 0 && !problem) {
      findings.push(makeFinding('DANE008', { data: { rr: formatTlsa(r) } }));
    }
  }
  if (usable === 0) {
    findings.push(makeFinding('DANE006', { data: { mx } }));
    return { state: 'dane-unusable', tlsa, findings };
  }
  if (tlsa.length === 1) {
    findings.push(makeFinding('DANE007', { data: { mx } }));
  }
  return { state: 'dane', tlsa, findings };
}

/** Findings over all MX hosts: partial DANE coverage and an unsigned MX RRset (RFC 7672 §2.2, §2.2.1). */
export function judgeDaneCoverage(domain: string, states: DaneState[], mxValidated: boolean): Finding[] {
  const withDane = states.filter((s) => s === 'dane' || s === 'dane-unusable').length;
  const findings: Finding[] = [];
  if (withDane > 0 && withDane < states.length) {
    findings.push(makeFinding('DANE009', { data: { k: withDane, n: states.length } }));
  }
  if (withDane > 0 && !mxValidated) {
    findings.push(makeFinding('DANE010', { data: { domain } }));
  }
  return findings;
}
