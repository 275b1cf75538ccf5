/**
 * What each policy field means (RFC 8461 §3.2): one table for validation, hover text, completion and the popup's
 * field help, so the words and the rules cannot drift apart. Pure data.
 */
import type { PolicyMode } from './policy-types.js';

/** Largest `max_age`: 31557600 seconds, 365.25 days (RFC 8461 §3.2). */
export const MAX_AGE_LIMIT = 31_557_600;
/** Below this `max_age` downgrade protection is weak (RFC 8461 §10.2; STS215). */
export const ONE_DAY = 86_400;
/** Below this `max_age` the RFC's "weeks or greater" is not met (RFC 8461 §3.2; STS216). */
export const ONE_WEEK = 604_800;

/** The `mode` values, in the order completion offers them. */
export const policyModes: readonly PolicyMode[] = ['enforce', 'testing', 'none'];

/** One value of a field, for completion and hover. */
export interface PolicyKeyValue {
  /** The value as written on the wire. */
  value: string;
  meaning: string;
}

/** A known policy field. */
export interface PolicyKey {
  /** The wire name, exact case (`%s` in the ABNF). */
  name: 'version' | 'mode' | 'mx' | 'max_age';
  /** One or two sentences for people. Plain text with backticks. */
  meaning: string;
  /** The values allowed, when they are a fixed set (case-sensitive). */
  values?: readonly string[];
  /** Values with their meanings: the fixed set, or common choices for open values. */
  suggestions: readonly PolicyKeyValue[];
  /** The value syntax in words. */
  syntax: string;
  /** Whether a valid policy must have the field (`mx`: unless `mode` is `none`). */
  required: boolean;
  /** Whether the field may appear more than once; for the others only the first occurrence counts. */
  repeatable: boolean;
  rfc: 8461;
  /** The section that defines the field. */
  section: string;
  /** Further sections that give the field its meaning. */
  seeAlso: readonly string[];
}

/** The known fields, in the order the canonical form prints them (the RFC example's order). */
export const policyKeys: readonly PolicyKey[] = [
  {
    name: 'version',
    meaning: 'The policy format version. Only `STSv1` exists.',
    values: ['STSv1'],
    suggestions: [{ value: 'STSv1', meaning: 'MTA-STS version 1 (RFC 8461).' }],
    syntax: '`STSv1`, exactly (case-sensitive).',
    required: true,
    repeatable: false,
    rfc: 8461,
    section: '3.2',
    seeAlso: [],
  },
  {
    name: 'mode',
    meaning: 'What senders do when an MX host fails validation.',
    values: policyModes,
    suggestions: [
      {
        value: 'enforce',
        meaning:
          'Senders do not deliver to MX hosts that fail MX matching, STARTTLS or certificate validation.',
      },
      {
        value: 'testing',
        meaning:
          'Senders deliver anyway and report failures through TLS-RPT (RFC 8460), if the domain publishes it.',
      },
      {
        value: 'none',
        meaning: 'Senders act as if there were no policy; publish it to retire MTA-STS (RFC 8461 §8.3).',
      },
    ],
    syntax: '`enforce`, `testing` or `none` (lower-case).',
    required: true,
    repeatable: false,
    rfc: 8461,
    section: '3.2',
    seeAlso: ['5', '8.3'],
  },
  {
    name: 'mx',
    meaning:
      'An MX host senders may deliver to: a full host name, or `*.` and a host name to allow exactly one more label in front of it. One pattern per `mx` line; at least one unless `mode` is `none`.',
    suggestions: [],
    syntax:
      'A host name in A-labels (`mail.example.com`, `xn--…`), optionally prefixed by `*.`; no trailing dot.',
    required: false,
    repeatable: true,
    rfc: 8461,
    section: '3.2',
    seeAlso: ['4.1', '10.4'],
  },
  {
    name: 'max_age',
    meaning:
      'How long, in seconds, senders may cache the policy after fetching it. Long values protect against downgrade attacks at refresh time; weeks or more are expected.',
    suggestions: [
      {
        value: String(ONE_DAY),
        meaning: 'One day: the shortest sensible value, for trials and for `mode: none`.',
      },
      { value: String(ONE_WEEK), meaning: 'One week: the value of the RFC example.' },
      { value: '1209600', meaning: 'Two weeks.' },
      { value: String(MAX_AGE_LIMIT), meaning: 'One year: the maximum.' },
    ],
    syntax: `1 to 10 decimal digits, at most ${MAX_AGE_LIMIT}.`,
    required: true,
    repeatable: false,
    rfc: 8461,
    section: '3.2',
    seeAlso: ['3.3', '10.2'],
  },
];

/** Help for fields the RFC does not define. */
export const policyExtensionKey = {
  meaning:
    'An extension field. Senders ignore fields they do not know (RFC 8461 §3.2); new ones are registered with IANA (§9.3).',
  syntax:
    'Name: a letter or digit and up to 31 more letters, digits, `_`, `-` or `.`. Value: printable characters and inner spaces.',
  rfc: 8461,
  section: '3.2',
} as const;

/** The table entry for a field name, exact case. */
export function policyKey(name: string): PolicyKey | undefined {
  return policyKeys.find((k) => k.name === name);
}

/** Whole units for `describeMaxAge`, largest first: the RFC's year (365.25 days), week, day, hour, minute. */
const maxAgeUnits: readonly [seconds: number, singular: string, plural: string][] = [
  [MAX_AGE_LIMIT, 'year', 'years'],
  [ONE_WEEK, 'week', 'weeks'],
  [ONE_DAY, 'day', 'days'],
  [3600, 'hour', 'hours'],
  [60, 'minute', 'minutes'],
];

function count(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/**
 * A `max_age` in human units, for hovers, completion and the popup. The rule: a whole number of the largest unit
 * that divides the value exactly ("1 week", "365 days", "1 year" for 31557600, "90 minutes"); otherwise, from one
 * minute up, "about" the value in the largest of days, hours and minutes it reaches, to one decimal ("about 11.6
 * days"); under a minute, seconds. Values that are not whole non-negative numbers are given in seconds as they are.
 * @see RFC 8461 §3.2
 */
export function describeMaxAge(seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds < 60) {
    return count(seconds, 'second', 'seconds');
  }
  for (const [size, singular, plural] of maxAgeUnits) {
    if (seconds % size === 0) {
      return count(seconds / size, singular, plural);
    }
  }
  for (const [size, singular, plural] of maxAgeUnits.slice(2)) {
    if (seconds >= size) {
      const rounded = Math.round((seconds / size) * 10) / 10;
      return `about ${Number.isInteger(rounded) ? count(rounded, singular, plural) : `${rounded} ${plural}`}`;
    }
  }
  return count(seconds, 'second', 'seconds');
}
