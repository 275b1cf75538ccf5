/**
 * Following a CNAME chain inside one Answer section (doh.md §3.2): a recursive resolver returns the whole chain
 * (`qname CNAME t1`, `t1 CNAME t2`, then t2's records), and RRs whose owner is not on the chain are ignored.
 * Pure. Never throws.
 */
import type { DnsRecord, RecordType } from './resolver.js';

/** Longest chain we follow (the same bound as doh.md §3.2's algorithm). */
export const maxCnameChain = 16;

/** One alias on the chain. */
export interface CnameLink {
  name: string;
  target: string;
  ttl: number;
}

/** The end of the chain and the records of the asked type found there, or a loop / over-long chain. */
export type CnameChain =
  | { ok: true; canonicalName: string; cnames: CnameLink[]; records: DnsRecord[] }
  | { ok: false; kind: 'cname-loop'; message: string };

/**
 * Follow CNAMEs from `qname` through `answers` and collect the `qtype` records owned by the last name. Names must be
 * normalised (lower-case, no trailing dot), as `decodeMessage` returns them. A chain longer than `limit` is
 * reported as `cname-loop` too: no sane zone needs it, and the caller treats both as "lookup failed".
 */
export function followCnames(
  qname: string,
  qtype: RecordType,
  answers: readonly DnsRecord[],
  limit: number = maxCnameChain,
): CnameChain {
  const cnames: CnameLink[] = [];
  const seen = new Set<string>();
  let name = qname;
  for (let step = 0; step <= limit; step++) {
    const records = answers.filter((rr) => rr.name === name && rr.type === qtype);
    if (records.length > 0) {
      return { ok: true, canonicalName: name, cnames, records };
    }
    const alias = answers.find((rr) => rr.name === name && rr.type === 'CNAME');
    // No data and no alias: NODATA or NXDOMAIN at the end of the chain (RFC 6604 §2: RCODE speaks for the last name).
    if (alias === undefined || alias.type !== 'CNAME') {
      return { ok: true, canonicalName: name, cnames, records: [] };
    }
    if (step === limit) {
      break;
    }
    seen.add(name);
    if (seen.has(alias.data)) {
      return {
        ok: false,
        kind: 'cname-loop',
        message: `CNAME loop: ${alias.name} points back to ${alias.data}.`,
      };
    }
    cnames.push({ name: alias.name, target: alias.data, ttl: alias.ttl });
    name = alias.data;
  }
  return {
    ok: false,
    kind: 'cname-loop',
    message: `CNAME chain from ${qname} is longer than ${limit} aliases.`,
  };
}
