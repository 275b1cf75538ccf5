/**
 * The IP checks of the fast report path, without regular expressions or splitting: an IPv4 address in the
 * RFC 8460 §4.4 form, an IPv6 address already in its RFC 5952 form. Each answers "certainly clean" or "ask
 * `readIp`", so the common case is cheap and the rare one is judged by the same code as the report walk.
 * Pure. Never throws.
 */
import { readIp, type IpReading } from './report-values.js';

/**
 * RFC 8460 §4.4 IPv4address (dotted decimal, no leading zeros) without a regular expression: the same answer as
 * `isIpv4`, for the common case, cheaply.
 */
export function isIpv4Fast(text: string): boolean {
  const n = text.length;
  if (n < 7 || n > 15) {
    return false;
  }
  let parts = 0;
  let i = 0;
  while (i <= n) {
    const start = i;
    let value = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) {
        break;
      }
      value = value * 10 + (c - 48);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || value > 255 || (digits > 1 && text.charCodeAt(start) === 48)) {
      return false;
    }
    parts++;
    if (i === n) {
      return parts === 4;
    }
    if (text.charCodeAt(i) !== 46 || parts === 4) {
      return false;
    }
    i++;
  }
  return false;
}

/**
 * Whether a text is an IPv6 address exactly in its RFC 5952 form as `formatIpv6` writes it: lower-case hex
 * groups without leading zeros, `::` for the longest run (first on a tie) of two or more zero groups and nowhere
 * else, no IPv4 part. False means "not shown", not "invalid": the caller then asks `readIp`.
 */
export function isCanonicalIpv6Fast(text: string): boolean {
  const n = text.length;
  if (n < 2 || n > 39) {
    return false;
  }
  const groups = scratchGroups;
  let count = 0;
  let gapAt = -1;
  let i = 0;
  if (text.charCodeAt(0) === COLON_CODE) {
    if (text.charCodeAt(1) !== COLON_CODE) {
      return false;
    }
    gapAt = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let value = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (digit < 0) {
        break;
      }
      value = value * 16 + digit;
    }
    const length = i - start;
    if (length === 0 || length > 4 || (length > 1 && text.charCodeAt(start) === 48) || count === 8) {
      return false;
    }
    groups[count++] = value;
    if (i === n) {
      break;
    }
    if (text.charCodeAt(i) !== COLON_CODE || i + 1 === n) {
      return false;
    }
    i++;
    if (text.charCodeAt(i) === COLON_CODE) {
      if (gapAt >= 0) {
        return false;
      }
      gapAt = count;
      i++;
    }
  }
  const gap = gapAt < 0 ? 0 : 8 - count;
  if ((gapAt < 0 && count !== 8) || (gapAt >= 0 && gap < 2)) {
    return false;
  }
  // Group k of the full address: the written groups with `gap` zero groups at `gapAt`.
  const at = (k: number): number =>
    gapAt < 0 || k < gapAt ? (groups[k] ?? 0) : k < gapAt + gap ? 0 : (groups[k - gap] ?? 0);
  // IPv4-mapped addresses are written in mixed notation (RFC 5952 §5).
  if (at(0) === 0 && at(1) === 0 && at(2) === 0 && at(3) === 0 && at(4) === 0 && at(5) === 0xffff) {
    return false;
  }
  // The compressed run must be the first longest run of two or more zero groups, and the only `::`.
  let bestStart = -1;
  let bestLength = 1;
  for (let k = 0; k < 8;) {
    if (at(k) !== 0) {
      k++;
      continue;
    }
    let j = k;
    while (j < 8 && at(j) === 0) {
      j++;
    }
    if (j - k > bestLength) {
      bestStart = k;
      bestLength = j - k;
    }
    k = j;
  }
  return gapAt < 0 ? bestStart < 0 : bestStart === gapAt && bestLength === gap;
}
/** The groups read by `isCanonicalIpv6Fast` (reused: the check runs for every address of a large report). */
const scratchGroups = new Int32Array(8);
const COLON_CODE = 58;

/** Readings remembered for one report: the same few addresses recur in thousands of entries. */
export type IpMemo = Map<string, IpReading>;

/** The most addresses an `IpMemo` keeps (a bound on memory; later ones are read each time). */
const memoLimit = 4096;

/** `readIp`, remembered. */
export function readIpMemo(memo: IpMemo, text: string): IpReading {
  let reading = memo.get(text);
  if (reading === undefined) {
    reading = readIp(text);
    if (memo.size < memoLimit) {
      memo.set(text, reading);
    }
  }
  return reading;
}
