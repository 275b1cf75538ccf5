/** The badge verdict, derived from the parts of a posture (spec mta-sts.md §9). Pure. */
import type { PolicyFetch, Posture, RecordState, Verdict } from './types.js';

/** The facts the verdict depends on. */
export interface VerdictInput {
  record: RecordState;
  policy: Pick<PolicyFetch, 'usable' | 'mode' | 'outcome'>;
  /** Whether the MX lookup worked and no MX host is covered (mode enforce would refuse all mail). */
  noMxCovered: boolean;
}

/** enforced | testing | none | broken | absent | unknown (also while the policy could not be asked for). */
export function verdictOf(input: VerdictInput): Verdict {
  switch (input.record) {
    case 'unknown':
      return 'unknown';
    case 'absent':
      return 'absent';
    case 'multiple':
    case 'invalid':
      return 'broken';
    case 'present':
      break;
  }
  if (input.policy.outcome === 'not-permitted') {
    return 'unknown';
  }
  if (!input.policy.usable || input.policy.mode === null) {
    return 'broken';
  }
  switch (input.policy.mode) {
    case 'none':
      return 'none';
    case 'testing':
      return 'testing';
    case 'enforce':
      return input.noMxCovered ? 'broken' : 'enforced';
  }
}

/**
 * Whether the resolver gave any DNS answer (any RCODE) for the domain's record and MX lookups. When it gave none, the
 * posture says nothing about the domain: the resolver is what failed (a shell says so, and tries no more domains).
 */
export function resolverAnswered(posture: Pick<Posture, 'mtaSts' | 'tlsRpt' | 'mx'>): boolean {
  return [posture.mtaSts.lookup, posture.tlsRpt.lookup, posture.mx.lookup].some(
    (l) => l.outcome === 'answer',
  );
}
