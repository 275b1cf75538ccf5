/**
 * Turns DNS results into the short summaries a posture carries. A failed lookup is never "no record". Pure. Never
 * throws.
 */
import type { DnsResult } from '../dns/resolver.js';
import type { LookupSummary } from './types.js';

/** A short, serialisable view of one lookup. */
export function summarizeLookup(result: DnsResult): LookupSummary {
  const { name, type } = result.question;
  if (!result.ok) {
    return {
      name,
      type,
      outcome: result.kind,
      rcode: null,
      ad: false,
      ttl: null,
      cnames: [],
      message: result.message,
    };
  }
  return {
    name,
    type,
    outcome: 'answer',
    rcode: result.rcode,
    ad: result.ad,
    ttl: result.ttl,
    cnames: result.cnames.map((c) => `${c.name} → ${c.target}`),
    message: null,
  };
}
