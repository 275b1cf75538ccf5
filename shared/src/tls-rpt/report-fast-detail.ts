/**
 * The hot loop of the fast report path: `failure-details` entries (RFC 8460 §4.3, §4.4), which are nearly all of
 * a large report, checked on the plain values from `JSON.parse` without allocating a path or a member record per
 * field. It makes exactly the findings the report walk (`report-validate.ts`, `readFailureDetail` with
 * `readMembers`) makes for an entry, in the same order and with the same data, and the same typed
 * `FailureDetail`; a test holds the two to that on every fixture and on generated reports. While it reads, it
 * counts members and nesting depth, which the fast path needs to tell that `JSON.parse` hid nothing (duplicate
 * names, deep nesting).
 * Pure. Never throws.
 */
import { displayText } from '../text/record-fields.js';
import { cleanIp, isIpv4Fast, readIpMemo } from './report-fast-ip.js';
import { indexLike } from './report-fast-locate.js';
import { countValue, detailLevel, emitFast, wrongType, type FastWalk } from './report-fast-walk.js';
import { formatJsonPath, type JsonPath } from './report-json.js';
import { misnamedReportKey, reportKeysIn } from './model/report-keys.js';
import type { FailureDetail } from './model/report-model.js';
import { resultTypeInfo } from './model/report-result-types.js';
import { isAbsoluteUri, isCount } from './report-values.js';

/** Field names of a failure detail, in the order the walk reads them (`readFailureDetail`). */
const fields = [
  'result-type',
  'sending-mta-ip',
  'receiving-mx-hostname',
  'receiving-mx-helo',
  'receiving-ip',
  'failed-session-count',
  'additional-information',
  'failure-reason-code',
] as const;
const TYPE = 0;
const SENDING_IP = 1;
const MX = 2;
const HELO = 3;
const RECEIVING_IP = 4;
const COUNT = 5;
const ADDITIONAL = 6;
const REASON = 7;
const fieldIndex = new Map<string, number>(fields.map((f, i) => [f, i]));
const requiredKeys = reportKeysIn('failure-detail').filter((k) => k.whenMissing !== undefined);

/** The path of a `failure-details` array: `policies`, the entry's index, the member name of the details. */
export type DetailsPath = readonly [string, number, string];

/** One `failure-details` array being read: what all its details share. */
export interface DetailsRead {
  walk: FastWalk;
  base: DetailsPath;
  /** `base` as findings write it (`formatJsonPath`), made once for the array. */
  baseText: string;
  /** The `policy-type` of the entry, when it has one. */
  policyType: string | undefined;
}

/** Begin reading the details of the array at `base`. */
export function readingDetails(
  walk: FastWalk,
  base: DetailsPath,
  policyType: string | undefined,
): DetailsRead {
  return { walk, base, baseText: formatJsonPath(base), policyType };
}

/** One detail being read: its path (made only when a finding needs it) and the member names of its fields. */
interface DetailRead {
  walk: FastWalk;
  array: DetailsRead;
  index: number;
  /** The member name each field was read from (an alias for a misnamed key); undefined when absent. */
  names: (string | undefined)[] | undefined;
}

const detailPath = (d: DetailRead): JsonPath => {
  const [policies, entry, details] = d.array.base;
  return [policies, entry, details, d.index];
};
const childPath = (d: DetailRead, name: string): JsonPath => {
  const [policies, entry, details] = d.array.base;
  return [policies, entry, details, d.index, name];
};
/** `formatJsonPath(childPath(d, name))`, from the array's text (joined: one flat string, see `fill`). */
const childText = (d: DetailRead, name: string): string =>
  [d.array.baseText, '[', d.index, '].', name].join('');
const fieldName = (d: DetailRead, field: number): string => d.names?.[field] ?? fields[field] ?? '';
const memberPath = (d: DetailRead, field: number): JsonPath => childPath(d, fieldName(d, field));

function readString(d: DetailRead, field: number, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') {
    return value;
  }
  wrongType(d.walk, memberPath(d, field), value, 'a string', childText(d, fieldName(d, field)));
  return undefined;
}

function readIpField(d: DetailRead, field: number, value: unknown): string | undefined {
  const text = readString(d, field, value);
  if (text === undefined || isIpv4Fast(text)) {
    return text;
  }
  const reading = readIpMemo(d.walk.ips, text);
  if (reading.kind === 'invalid') {
    const name = fieldName(d, field);
    emitFast(d.walk, 'RPT122', childPath(d, name), 'value', {
      path: childText(d, name),
      value: displayText(text),
    });
  } else if (reading.kind === 'ipv6' && reading.canonical !== text) {
    const name = fieldName(d, field);
    emitFast(d.walk, 'RPT123', childPath(d, name), 'value', {
      path: childText(d, name),
      canonical: reading.canonical,
    });
  }
  return text;
}

/**
 * The members of a detail with unknown or misnamed names, as `readMembers` reads them: RPT125 for a misnamed key
 * (read in place of the key it stands for, unless that key is present), RPT126 otherwise. Fills `values`.
 */
function readUnknownKeys(
  d: DetailRead,
  object: Record<string, unknown>,
  keys: string[],
  values: unknown[],
): void {
  const names = fields.map((f, i): string | undefined => (values[i] === undefined ? undefined : f));
  d.names = names;
  for (const key of keys) {
    const data = { key: displayText(key) };
    const misnamed = misnamedReportKey('failure-detail', key);
    if (!misnamed) {
      emitFast(d.walk, 'RPT126', childPath(d, key), 'key', data);
      continue;
    }
    emitFast(d.walk, 'RPT125', childPath(d, key), 'key', { ...data, expected: misnamed.expected });
    const index = fieldIndex.get(misnamed.expected);
    if (misnamed.alias && index !== undefined && names[index] === undefined) {
      values[index] = object[key];
      names[index] = key;
    }
  }
}

// The clean-entry shortcut below knows that exactly these two keys are required (RPT103); should the knowledge
// table change, every entry takes the general reading instead.
const shortcutHolds =
  requiredKeys.length === 2 &&
  requiredKeys.every((k) => k.name === 'result-type' || k.name === 'failed-session-count');

const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/**
 * Read element `index` of the `failure-details` array at `base`, for an entry of `policyType`: the typed detail,
 * and findings RPT103–RPT104, RPT120–RPT128 as the report walk makes them. An entry with known keys only and
 * nothing to say takes a shortcut that allocates nothing (the parsed object is the typed detail); any other goes
 * through the general reading, which mirrors the walk step by step.
 * @see RFC 8460 §4.3, §4.4
 */
export function readDetailFast(array: DetailsRead, value: unknown, index: number): FailureDetail {
  const walk = array.walk;
  const policyType = array.policyType;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    countValue(walk, value, detailLevel);
    const [policies, entry, details] = array.base;
    wrongType(walk, [policies, entry, details, index], value, 'an object', `${array.baseText}[${index}]`);
    return {};
  }
  if (detailLevel > walk.depth) {
    walk.depth = detailLevel;
  }
  const object = value as Record<string, unknown>;
  // Most details have known members only: read them by name, and count the members to be sure there is no other.
  let members = 0;
  for (const _key in object) {
    members++;
  }
  walk.members += members;
  const type = object['result-type'];
  const sendingIp = object['sending-mta-ip'];
  const mx = object['receiving-mx-hostname'];
  const helo = object['receiving-mx-helo'];
  const receivingIp = object['receiving-ip'];
  const count = object['failed-session-count'];
  const additional = object['additional-information'];
  const reason = object['failure-reason-code'];
  const known =
    (type === undefined ? 0 : 1) +
    (sendingIp === undefined ? 0 : 1) +
    (mx === undefined ? 0 : 1) +
    (helo === undefined ? 0 : 1) +
    (receivingIp === undefined ? 0 : 1) +
    (count === undefined ? 0 : 1) +
    (additional === undefined ? 0 : 1) +
    (reason === undefined ? 0 : 1);
  // The values of the right types (strings, a count) or absent.
  const wellTyped =
    optionalString(type) &&
    optionalString(sendingIp) &&
    optionalString(mx) &&
    optionalString(helo) &&
    optionalString(receivingIp) &&
    (count === undefined || isCount(count)) &&
    optionalString(additional) &&
    optionalString(reason);
  let unknownKeys: string[] | undefined;
  if (known !== members || !wellTyped) {
    // Other members, or values that may be objects to count: member by member.
    for (const key in object) {
      if (!fieldIndex.has(key)) {
        (unknownKeys ??= []).push(key);
        walk.indexLikeNames ||= indexLike(key);
      }
      const member = object[key];
      if (typeof member === 'object' && member !== null) {
        countValue(walk, member, detailLevel + 1);
      }
    }
  }
  // The parsed object is the typed detail itself when its members are all known and of the right types.
  const typed = unknownKeys === undefined && wellTyped;
  if (
    typed &&
    shortcutHolds &&
    type !== undefined &&
    count !== undefined &&
    cleanIp(sendingIp, walk.ips) &&
    cleanIp(receivingIp, walk.ips) &&
    (additional === undefined || isAbsoluteUri(additional as string))
  ) {
    const info = resultTypeInfo(type as string);
    if (
      info !== undefined &&
      !(
        info.policyType &&
        (policyType === 'sts' || policyType === 'tlsa') &&
        info.policyType !== policyType
      ) &&
      !(info.wantsReasonCode && ((reason as string | undefined) ?? '').trim() === '') &&
      !(info.connectionLevel && (sendingIp === undefined || (mx === undefined && receivingIp === undefined)))
    ) {
      return object;
    }
  }
  const values = [type, sendingIp, mx, helo, receivingIp, count, additional, reason];
  const d: DetailRead = { walk, array, index, names: undefined };
  if (typed) {
    // The findings only: the parsed object is the typed detail.
    readDetailGeneral(d, object, values, unknownKeys, policyType, undefined);
    return object;
  }
  const detail: FailureDetail = {};
  readDetailGeneral(d, object, values, unknownKeys, policyType, detail);
  return detail;
}

/**
 * The general reading of a detail, step by step as `readMembers` and `readFailureDetail` do: findings, and the
 * typed detail into `detail` when one is wanted.
 */
function readDetailGeneral(
  d: DetailRead,
  object: Record<string, unknown>,
  values: unknown[],
  unknownKeys: string[] | undefined,
  policyType: string | undefined,
  detail: FailureDetail | undefined,
): void {
  const walk = d.walk;
  if (unknownKeys) {
    readUnknownKeys(d, object, unknownKeys, values);
  }
  for (const key of requiredKeys) {
    const field = fieldIndex.get(key.name) ?? 0;
    if (key.whenMissing && values[field] === undefined) {
      emitFast(walk, key.whenMissing, detailPath(d), 'key', {
        path: childText(d, key.name),
      });
    }
  }
  const resultType = readString(d, TYPE, values[TYPE]);
  const sendingMtaIp = readIpField(d, SENDING_IP, values[SENDING_IP]);
  const mx = readString(d, MX, values[MX]);
  const helo = readString(d, HELO, values[HELO]);
  const receivingIp = readIpField(d, RECEIVING_IP, values[RECEIVING_IP]);
  const count = values[COUNT];
  const goodCount = count !== undefined && isCount(count);
  if (count !== undefined && !goodCount) {
    wrongType(walk, memberPath(d, COUNT), count, 'a non-negative integer', childText(d, fieldName(d, COUNT)));
  }
  const additional = readString(d, ADDITIONAL, values[ADDITIONAL]);
  const reason = readString(d, REASON, values[REASON]);
  if (detail !== undefined) {
    if (resultType !== undefined) {
      detail['result-type'] = resultType;
    }
    if (sendingMtaIp !== undefined) {
      detail['sending-mta-ip'] = sendingMtaIp;
    }
    if (mx !== undefined) {
      detail['receiving-mx-hostname'] = mx;
    }
    if (helo !== undefined) {
      detail['receiving-mx-helo'] = helo;
    }
    if (receivingIp !== undefined) {
      detail['receiving-ip'] = receivingIp;
    }
    if (goodCount) {
      detail['failed-session-count'] = count;
    }
    if (additional !== undefined) {
      detail['additional-information'] = additional;
    }
    if (reason !== undefined) {
      detail['failure-reason-code'] = reason;
    }
  }
  if (additional !== undefined && !isAbsoluteUri(additional)) {
    emitFast(walk, 'RPT124', memberPath(d, ADDITIONAL), 'value', { value: displayText(additional) });
  }
  if (resultType !== undefined) {
    checkResultType(d, resultType, policyType, reason, values);
  }
}

/** RPT120, RPT127, RPT121, RPT128 at the `result-type` value, in the walk's order. */
function checkResultType(
  d: DetailRead,
  resultType: string,
  policyType: string | undefined,
  reason: string | undefined,
  values: unknown[],
): void {
  const walk = d.walk;
  const info = resultTypeInfo(resultType);
  if (info === undefined) {
    emitFast(walk, 'RPT120', memberPath(d, TYPE), 'value', { value: displayText(resultType) });
    return;
  }
  // RFC 8460 §4.3.2: the DANE- and STS-specific types belong to their own policy type.
  if (info.policyType && (policyType === 'sts' || policyType === 'tlsa') && info.policyType !== policyType) {
    emitFast(walk, 'RPT127', memberPath(d, TYPE), 'value', { type: resultType, ptype: policyType });
  }
  if (info.wantsReasonCode && (reason ?? '').trim() === '') {
    emitFast(walk, 'RPT121', memberPath(d, TYPE), 'value', { type: resultType });
  }
  if (info.connectionLevel) {
    // A member of the wrong type is not missing (the walk's `has` looks at presence, not type).
    const missing: string[] = [];
    if (values[SENDING_IP] === undefined) {
      missing.push('sending-mta-ip');
    }
    if (values[MX] === undefined && values[RECEIVING_IP] === undefined) {
      missing.push('receiving-mx-hostname', 'receiving-ip');
    }
    if (missing.length > 0) {
      emitFast(walk, 'RPT128', memberPath(d, TYPE), 'value', {
        type: resultType,
        fields: missing.join(', '),
      });
    }
  }
}
