/**
 * What each policy field means (RFC 8461 §3.2): one table for validation, hover text, completion and the popup's
 * field help. Pure data.
 */

/** A known policy field. */
export interface PolicyKey {
  name: 'version' | 'mode' | 'mx' | 'max_age';
  /** One sentence for people. */
  meaning: string;
  /** Allowed values, when they are a fixed set. */
  values?: readonly string[];
  required: boolean;
  repeatable: boolean;
  section: string;
}

export const policyKeys: readonly PolicyKey[] = [
  {
    name: 'version',
    meaning: 'The policy version; must be exactly `STSv1`.',
    values: ['STSv1'],
    required: true,
    repeatable: false,
    section: '3.2',
  },
  {
    name: 'mode',
    meaning:
      '`enforce`: senders refuse MX hosts that fail validation; `testing`: they deliver anyway and report failures; `none`: no policy (used to retire MTA-STS).',
    values: ['enforce', 'testing', 'none'],
    required: true,
    repeatable: false,
    section: '3.2',
  },
  {
    name: 'mx',
    meaning:
      'An MX host name senders may deliver to, or `*.` plus a name to allow any one label in front of it. One per line; required unless mode is `none`.',
    required: false,
    repeatable: true,
    section: '4.1',
  },
  {
    name: 'max_age',
    meaning:
      'How long, in seconds, senders may cache the policy: up to 31557600 (one year); weeks or more are expected.',
    required: true,
    repeatable: false,
    section: '3.2',
  },
];

/** The table entry for a field name, exact case. */
export function policyKey(name: string): PolicyKey | undefined {
  return policyKeys.find((k) => k.name === name);
}

/** Largest `max_age` (RFC 8461 §3.2). */
export const MAX_AGE_LIMIT = 31_557_600;
