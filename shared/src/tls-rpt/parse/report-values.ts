/**
 * Checks of single report values (RFC 8460 §4.4, §4.5): RFC 3339 date-times, IP addresses with their RFC 5952
 * canonical form, domain names in A-label form, addr-specs, absolute URIs and policy-string entries. Each answers
 * about one string; the report walk decides which finding to raise. Pure. Never throws.
 */

/** What a `date-time` string is: a valid RFC 3339 date-time, one without an offset (read as UTC), or neither. */
export type DateTimeReading =
  { kind: 'date-time'; ms: number } | { kind: 'no-offset'; ms: number } | { kind: 'invalid' };

/** RFC 3339 §5.6 `date-time`; `T` and `Z` are case-insensitive (ABNF literals), the offset is optional here. */
const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|([+-])(\d{2}):(\d{2}))?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Read an RFC 3339 date-time to epoch milliseconds. A value without an offset is read as UTC and reported as
 * `no-offset` (older Microsoft reports; RPT106). A leap second (`:60`) counts as the next second.
 * @see RFC 3339 §5.6, §5.7
 */
export function readDateTime(value: string): DateTimeReading {
  const m = dateTimePattern.exec(value);
  if (!m) {
    return { kind: 'invalid' };
  }
  const n = (i: number): number => Number(m[i] ?? '0');
  const [year, month, day, hour, minute, second] = [n(1), n(2), n(3), n(4), n(5), n(6)];
  const offsetHours = n(10);
  const offsetMinutes = n(11);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { kind: 'invalid' };
  }
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) {
    return { kind: 'invalid' };
  }
  const millis = Number(((m[7] ?? '') + '000').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const sign = m[9] === '-' ? -1 : 1;
  const ms = date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  return m[8] === undefined ? { kind: 'no-offset', ms } : { kind: 'date-time', ms };
}

/** RFC 8460 §4.4 IPv4address: dotted decimal, no leading zeros. */
const decOctet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const ipv4Pattern = new RegExp(`^${decOctet}(?:\\.${decOctet}){3}$`);

/** Whether a string is an IPv4 address in the RFC 8460 §4.4 form. */
export function isIpv4(value: string): boolean {
  return ipv4Pattern.test(value);
}

/** The eight 16-bit groups of an IPv6 address in RFC 4291 §2.2 text form, or undefined. */
export function parseIpv6(value: string): number[] | undefined {
  const halves = value.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const groupsOf = (part: string, last: boolean): number[] | undefined => {
    if (part === '') {
      return [];
    }
    const pieces = part.split(':');
    const groups: number[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (last && i === pieces.length - 1 && piece.includes('.')) {
        if (!isIpv4(piece)) {
          return undefined;
        }
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        groups.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '', true) : [];
  if (head === undefined || tail === undefined) {
    return undefined;
  }
  if (halves.length === 1) {
    return head.length === 8 ? head : undefined;
  }
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

/**
 * The RFC 5952 text form of eight IPv6 groups: lower-case hex without leading zeros, the longest run (first on a
 * tie) of two or more zero groups as `::`, and IPv4-mapped addresses in mixed notation (§5).
 */
export function formatIpv6(groups: readonly number[]): string {
  if (groups.length === 8 && groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [x = 0, y = 0] = groups.slice(6);
    return `::ffff:${x >> 8}.${x & 255}.${y >> 8}.${y & 255}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) {
      j++;
    }
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: readonly number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) {
    return hex(groups);
  }
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** What an IP address string is. `canonical` is the RFC 5952 form of a valid IPv6 address. */
export type IpReading = { kind: 'ipv4' } | { kind: 'ipv6'; canonical: string } | { kind: 'invalid' };

/** Read an IP address as RFC 8460 §4.4 describes it: IPv4 dotted decimal, or IPv6 text (RFC 5952). */
export function readIp(value: string): IpReading {
  if (isIpv4(value)) {
    return { kind: 'ipv4' };
  }
  const groups = value.includes(':') ? parseIpv6(value) : undefined;
  return groups ? { kind: 'ipv6', canonical: formatIpv6(groups) } : { kind: 'invalid' };
}

const ldhLabel = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Whether a string is a domain name in A-label form: ASCII letters, digits and hyphens in dot-separated labels of
 * at most 63 characters, at most 253 characters, a final dot allowed, not an IP address.
 * @see RFC 8460 §4.4 ("the domain MUST consist of the Punycode-encoded A-labels")
 */
export function isALabelDomain(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name === '' || name.length > 253) {
    return false;
  }
  const labels = name.split('.');
  if (!labels.every((l) => ldhLabel.test(l))) {
    return false;
  }
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const quoted = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const domainLabel = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const addrSpec = new RegExp(
  `^(?:${atom}(?:\\.${atom})*|${quoted})@(?:${domainLabel}(?:\\.${domainLabel})*|\\[[^[\\]\\\\\\s]+\\])$`,
);

/**
 * Whether a string is an RFC 5322 §3.4.1 addr-spec: a dot-atom or quoted local part, `@`, and a host name or a
 * domain literal. (Obsolete forms, comments and folding whitespace are not accepted.)
 */
export function isEmailAddress(value: string): boolean {
  return addrSpec.test(value);
}

/** RFC 3986 §2 characters: unreserved, reserved, and `%` (checked as part of an escape). */
const uriChars = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

/** Whether a string is an RFC 3986 §4.3 absolute URI (a scheme, `:` and only URI characters). */
export function isAbsoluteUri(value: string): boolean {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(value);
  return scheme !== null && uriChars.test(value.slice(scheme[0].length));
}

/**
 * Whether a `sts` policy-string element has the shape of a policy line, `key: value` (RFC 8461 §3.2 field: a name
 * of letters, digits, `_`, `-`, `.`, a colon, optional blanks and a non-empty value). The value is not judged:
 * reporters echo the policy "including any errors" (RFC 8460 §4.5).
 */
export function isStsPolicyLine(line: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}:[ \t]*[^\s](?:[^\r\n]*)$/.test(line);
}

/**
 * Whether a `tlsa` policy-string element is `usage selector mtype hex`: three numbers 0–255 and the certificate
 * association data in hex, separated by spaces, with no spaces or parentheses inside the hex.
 * @see RFC 8460 §4.5, RFC 6698 §2.2
 */
export function isTlsaEntry(entry: string): boolean {
  const m = /^(\d{1,3}) +(\d{1,3}) +(\d{1,3}) +([0-9A-Fa-f]+)$/.exec(entry);
  if (!m) {
    return false;
  }
  const numbers = [m[1], m[2], m[3]].map(Number);
  return numbers.every((x) => x <= 255) && (m[4] ?? '').length % 2 === 0;
}

/** A short description of a JSON value for RPT104's "found …": its type, and the value when it is short. */
export function describeJsonValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case 'number':
      if (!Number.isFinite(value)) {
        return 'a number too large for I-JSON';
      }
      if (value < 0) {
        return `a negative number (${value})`;
      }
      if (!Number.isInteger(value)) {
        return `a number with a fraction (${value})`;
      }
      if (!Number.isSafeInteger(value)) {
        return `a number too large to count exactly (${value})`;
      }
      return `a number (${value})`;
    case 'boolean':
      return `\`${String(value)}\``;
    case 'object':
      return 'an object';
    case 'undefined':
    case 'bigint':
    case 'symbol':
    case 'function':
      break;
  }
  return typeof value;
}

/** Whether a JSON value is a count: a non-negative integer that a double holds exactly (I-JSON, RFC 7493 §2.2). */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Human-readable byte size, e.g. `64 MiB`, `1.5 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit] ?? 'bytes'}`;
}
