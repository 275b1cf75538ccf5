/**
 * Whether a host name has an address, from its A and AAAA lookups: the one judgement both the Node fetcher (before
 * it connects) and the posture engine (after a browser's fetch failed without saying why) make, so both runtimes
 * call a host that does not resolve the same. Pure.
 */
import type { DnsFailure, DnsResult, Rcode } from './resolver.js';

/** What the A and AAAA lookups of a host say about its addresses. */
export type HostAddresses =
  /** At least one address. */
  | { kind: 'addresses'; addresses: string[] }
  /** The resolver answered and there is no address: NXDOMAIN if either answer says so, else the other RCODE. */
  | { kind: 'no-address'; rcode: Rcode }
  /** A lookup failed without a DNS answer (timeout, transport), and the other gave no address. */
  | { kind: 'failed'; failure: DnsFailure }
  /** An answer came back truncated, so it may have left addresses out. */
  | { kind: 'truncated' };

/** Judge the A and AAAA lookups of one host. */
export function hostAddressesOf(a: DnsResult, aaaa: DnsResult): HostAddresses {
  const results = [a, aaaa];
  const addresses = results.flatMap((result) =>
    result.ok ? result.records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.data] : [])) : [],
  );
  if (addresses.length > 0) {
    return { kind: 'addresses', addresses };
  }
  const failure = results.find((result): result is DnsFailure => !result.ok);
  if (failure !== undefined) {
    return { kind: 'failed', failure };
  }
  const answers = results.flatMap((result) => (result.ok ? [result] : []));
  if (answers.some((answer) => answer.tc)) {
    return { kind: 'truncated' };
  }
  // NXDOMAIN if either says so; an error RCODE (SERVFAIL…) next; NOERROR alone means NODATA.
  const rcodes = answers.map((answer) => answer.rcode);
  const rcode = rcodes.find((r) => r === 'NXDOMAIN') ?? rcodes.find((r) => r !== 'NOERROR') ?? 'NOERROR';
  return { kind: 'no-address', rcode };
}
