/**
 * What a shell remembers of a domain between checks, and what changed since: a policy whose text changed while its
 * `id` did not (STS117: senders keep the policy they cached), and a record that disappeared while senders may still
 * hold a cached `enforce` or `testing` policy (STS118). Judgements over two checks, not over one. Pure.
 */
import { makeFinding } from '../findings/finding.js';
import type { PolicyMode } from '../mta-sts/policy-types.js';
import { count, object, oneOf, ShapeError, string } from '../text/shape.js';
import { placeFinding } from './parts.js';
import type { Posture, PostureFinding } from './types.js';

/** The policy senders took from a domain when it was last checked. Plain JSON, for storage. */
export interface RememberedPolicy {
  domain: string;
  /** The record's `id`. */
  id: string;
  /** The policy body as served. */
  text: string;
  mode: PolicyMode;
  /** `max_age` in seconds. */
  maxAge: number;
  /** When it was seen: the check's `checkedAt`. */
  seenAt: string;
}

/**
 * The policy to remember from a check: only one senders would take (exactly one valid record, and a usable policy
 * with a mode and a `max_age`); null otherwise.
 */
export function rememberPolicy(posture: Posture): RememberedPolicy | null {
  const id = posture.mtaSts.selected?.parsed?.value?.id ?? null;
  const policy = posture.policy;
  const value = policy.parsed?.value ?? null;
  if (
    posture.mtaSts.state !== 'present' ||
    id === null ||
    !policy.usable ||
    policy.text === null ||
    value === null ||
    value.mode === null ||
    value.maxAge === null
  ) {
    return null;
  }
  return {
    domain: posture.domain,
    id,
    text: policy.text,
    mode: value.mode,
    maxAge: value.maxAge,
    seenAt: posture.checkedAt,
  };
}

/**
 * What a sender keeps of a policy: the mode, `max_age` and the `mx` patterns (as a set, case and final dot aside),
 * and any other fields. Line endings, spaces and the order of the lines change nothing for senders.
 */
function policyMeaning(text: string): string {
  const fields = text
    .split(/\r\n|\n/)
    .map((line) => /^([^:]*):(.*)$/.exec(line))
    .flatMap((m) => (m === null ? [] : [[m[1]!.trim(), m[2]!.trim()] as const]))
    .map(([key, value]) =>
      key === 'mx' ? `mx:${value.toLowerCase().replace(/\.$/, '')}` : `${key}:${value}`,
    );
  return [...new Set(fields)].sort().join('\n');
}

const day = (iso: string): string => iso.slice(0, 10);

/**
 * What changed since the remembered policy, as findings of the current posture: STS117 when the record's `id` is
 * the remembered one but the policy served now means something else; STS118 when the record is gone (a definite
 * answer, not a failed lookup) while senders may still apply the remembered `enforce` or `testing` policy, that is
 * before its `max_age` has run out since it was seen.
 */
export function judgeRememberedPolicy(previous: RememberedPolicy, current: Posture): PostureFinding[] {
  if (previous.domain !== current.domain) {
    return [];
  }
  const findings: PostureFinding[] = [];
  const id = current.mtaSts.selected?.parsed?.value?.id ?? null;
  const text = current.policy.text;
  if (
    current.mtaSts.state === 'present' &&
    id === previous.id &&
    current.policy.outcome === 'response' &&
    current.policy.status === 200 &&
    text !== null &&
    policyMeaning(text) !== policyMeaning(previous.text)
  ) {
    findings.push(placeFinding(makeFinding('STS117', { data: { date: day(previous.seenAt), id } }), null));
  }
  const expires = Date.parse(previous.seenAt) + previous.maxAge * 1000;
  if (
    current.mtaSts.state === 'absent' &&
    previous.mode !== 'none' &&
    Date.parse(current.checkedAt) < expires
  ) {
    const date = day(new Date(expires).toISOString());
    findings.push(placeFinding(makeFinding('STS118', { data: { mode: previous.mode, date } }), null));
  }
  return findings;
}

/** The same judgement between two checks of a domain. */
export function comparePostures(previous: Posture, current: Posture): PostureFinding[] {
  const remembered = rememberPolicy(previous);
  return remembered === null ? [] : judgeRememberedPolicy(remembered, current);
}

/**
 * What to remember after a check: the policy senders hold now. The remembered one stays while senders keep it:
 * when the `id` is unchanged (they do not fetch again, STS117), and when the record is gone before its `max_age`
 * ran out (STS118). Otherwise the policy of this check, or null when it has none senders would take.
 */
export function rememberAfter(previous: RememberedPolicy | null, current: Posture): RememberedPolicy | null {
  if (previous !== null && previous.domain === current.domain) {
    const kept = judgeRememberedPolicy(previous, current);
    if (kept.length > 0) {
      return previous;
    }
  }
  return rememberPolicy(current);
}

const rememberedShape = object<RememberedPolicy>({
  domain: string,
  id: string,
  text: string,
  mode: oneOf(['enforce', 'testing', 'none']),
  maxAge: count,
  seenAt: string,
});

/** Read a remembered policy from storage: the value, or null with where it is wrong. */
export function readRememberedPolicy(
  value: unknown,
): { ok: true; remembered: RememberedPolicy } | { ok: false; message: string } {
  try {
    const remembered = rememberedShape(value, 'remembered');
    return Number.isNaN(Date.parse(remembered.seenAt))
      ? { ok: false, message: 'remembered.seenAt: expected a time (ISO 8601)' }
      : { ok: true, remembered };
  } catch (error) {
    if (error instanceof ShapeError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}
