/**
 * What a lookup that gave no definite answer means: words for why, and the resolver-level findings (DNS0xx). A
 * failed lookup is never "no record". Pure. Never throws.
 */
import { makeFinding } from '../findings/finding.js';
import type { Finding } from '../findings/types.js';
import type { DnsResult, Resolver } from './resolver.js';

/** Whether a lookup gave a usable answer: a real positive or negative answer, not a failure or a truncation. */
export function isDefinite(result: DnsResult): boolean {
  return result.ok && !result.tc && (result.rcode === 'NOERROR' || result.rcode === 'NXDOMAIN');
}

/** Words for why a lookup is not definite, for `{rcode}` placeholders. */
export function failureReason(result: DnsResult): string {
  if (!result.ok) {
    switch (result.kind) {
      case 'timeout':
        return 'timeout';
      case 'http-status':
        return `DoH HTTP ${String(result.detail ?? '?')}`;
      case 'content-type':
        return 'DoH answered a non-DNS media type';
      case 'network':
        return result.cause === 'certificate'
          ? 'DoH server certificate not trusted'
          : 'DoH server unreachable';
      case 'malformed':
        return 'undecodable DNS response';
      case 'too-large':
        return 'DNS response too large';
      case 'mismatch':
        return 'response to another question';
      case 'cname-loop':
        return 'CNAME loop';
    }
  }
  return result.tc ? 'truncated' : result.rcode;
}

/** Resolver-level findings for a lookup that did not produce a definite answer. */
export function transportFindings(result: DnsResult): Finding[] {
  const { name, type } = result.question;
  if (result.ok) {
    return result.tc ? [makeFinding('DNS004')] : [];
  }
  switch (result.kind) {
    case 'timeout':
      return [makeFinding('DNS007', { data: { name, type } })];
    case 'http-status':
      return [makeFinding('DNS001', { data: { status: String(result.detail ?? '?') } })];
    case 'content-type':
      return [makeFinding('DNS002', { data: { type: String(result.detail ?? 'none') } })];
    case 'malformed':
    case 'too-large':
      return [makeFinding('DNS003', { data: { reason: result.message } })];
    case 'mismatch':
      return [makeFinding('DNS010', { data: { qname: name, qtype: type } })];
    case 'cname-loop':
      return [makeFinding('DNS006', { data: { name, n: 16 } })];
    case 'network':
      // The cause in words (the message adds what to try); `detail` holds them for failures with a known cause.
      return [
        makeFinding('DNS011', {
          data: {
            name,
            type,
            reason: typeof result.detail === 'string' ? result.detail : result.message,
            ...(result.cause === undefined ? {} : { cause: result.cause }),
          },
        }),
      ];
  }
}

/**
 * For a SERVFAIL, ask again with CD=1 (checking disabled): when that succeeds, the data exists and DNSSEC
 * validation is what fails (DNS008; RFC 4035 §5.5). Any other result needs no second query.
 */
export async function dnssecFailure(
  result: DnsResult,
  resolver: Resolver,
  signal: AbortSignal | undefined,
): Promise<Finding[]> {
  if (!result.ok || result.rcode !== 'SERVFAIL') {
    return [];
  }
  const { name, type } = result.question;
  const retry = await resolver.query(name, type, { signal, checkingDisabled: true });
  return isDefinite(retry) ? [makeFinding('DNS008', { data: { name, type } })] : [];
}
