/**
 * `max_age` in words people read ("1 week", "365 days"), for hovers and completion. Pure. Never throws.
 */
import { MAX_AGE_LIMIT } from './policy-keys.js';

const units = [
  { seconds: 604_800, name: 'week' },
  { seconds: 86_400, name: 'day' },
  { seconds: 3_600, name: 'hour' },
  { seconds: 60, name: 'minute' },
  { seconds: 1, name: 'second' },
] as const;

const count = (n: number, name: string): string =>
  `${n.toLocaleString('en-US')} ${name}${n === 1 ? '' : 's'}`;

/**
 * A number of seconds in the largest unit that divides it exactly ("2 weeks", "365 days", "90 minutes"); the
 * maximum `max_age` is "1 year (365.25 days)". Other values get the two largest units ("1 day 3 hours") and the
 * word "about" when that is not exact. Negative or non-finite input gives "".
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '';
  }
  const s = Math.floor(seconds);
  if (s === MAX_AGE_LIMIT) {
    return '1 year (365.25 days)';
  }
  if (s === 0) {
    return '0 seconds';
  }
  for (const unit of units) {
    if (s % unit.seconds === 0 && s >= unit.seconds && (unit.seconds > 1 || s < 60)) {
      // Whole days that are not whole weeks read better as days ("365 days", not "52 weeks 1 day").
      return count(s / unit.seconds, unit.name);
    }
  }
  // Not a whole number of any unit: the largest unit below weeks that fits, and the next one down.
  const at = Math.max(
    1,
    units.findIndex((u) => u.name !== 'week' && s >= u.seconds),
  );
  const big = units[at] ?? units[4];
  const next = units[at + 1];
  const first = Math.floor(s / big.seconds);
  if (!next) {
    return count(first, big.name);
  }
  const rest = s - first * big.seconds;
  const second = Math.floor(rest / next.seconds);
  const exact = rest === second * next.seconds;
  const words = second > 0 ? `${count(first, big.name)} ${count(second, next.name)}` : count(first, big.name);
  return exact ? words : `about ${words}`;
}
