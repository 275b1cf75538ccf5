/**
 * How each verdict and severity is shown, in one place for every shell: the badge's short text and colour, the
 * words for people, and the colour the CLI writes it in. Pure data.
 */
import type { Severity } from '../findings/types.js';
import type { Verdict } from './types.js';

/**
 * A colour by its meaning: `good`, `caution`, `bad`, `info`, or `neutral` (no colour in a terminal). Each shell
 * picks its own shade (an ANSI colour, a badge background).
 */
export type Tone = 'good' | 'caution' | 'bad' | 'info' | 'neutral';

/** How one verdict is shown. */
export interface VerdictPresentation {
  /** At most four characters, for a toolbar badge. */
  badge: string;
  tone: Tone;
  /** A badge background that reads with white text (WCAG AA contrast, 4.5:1 or more). */
  colour: string;
  /** The verdict in a word or two, sentence case. */
  label: string;
  /** What it means for mail to the domain, in one sentence. */
  words: string;
}

/** The badge background of the `neutral` tone: no verdict, `none` and `absent`. */
export const neutralBadgeColour = '#57606a';

/** Every verdict's presentation. */
export const verdictPresentation: Readonly<Record<Verdict, VerdictPresentation>> = {
  enforced: {
    badge: 'ON',
    tone: 'good',
    colour: '#1a7f37',
    label: 'Enforced',
    words: 'Senders that support MTA-STS deliver mail to this domain only over TLS to a verified MX host.',
  },
  testing: {
    badge: 'TEST',
    tone: 'caution',
    colour: '#9a6700',
    label: 'Testing',
    words: 'The policy is in testing mode: senders report TLS problems but still deliver without TLS.',
  },
  none: {
    badge: 'NONE',
    tone: 'neutral',
    colour: neutralBadgeColour,
    label: 'Turned off',
    words: 'The policy has mode none: senders forget any policy they cached and deliver as without MTA-STS.',
  },
  broken: {
    badge: 'FIX',
    tone: 'bad',
    colour: '#cf222e',
    label: 'Broken',
    words: 'MTA-STS is published but senders cannot use it: the record or the policy has to be fixed.',
  },
  absent: {
    badge: 'OFF',
    tone: 'neutral',
    colour: neutralBadgeColour,
    label: 'No MTA-STS',
    words:
      'The domain publishes no MTA-STS: senders deliver with opportunistic TLS, which an attacker can strip.',
  },
  unknown: {
    badge: '?',
    tone: 'bad',
    colour: '#cf222e',
    label: 'Unknown',
    words: 'The DNS lookups failed, so it is not known whether the domain has a policy.',
  },
};

/** The tone each severity is shown in. */
export const severityTone: Readonly<Record<Severity, Tone>> = {
  error: 'bad',
  warning: 'caution',
  info: 'info',
  hint: 'info',
};
