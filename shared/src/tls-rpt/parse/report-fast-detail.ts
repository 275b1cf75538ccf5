/**
 * The hot loop of the fast report path: `failure-details` entries (RFC 8460 §4.3, §4.4), which are nearly all of
 * a large report, checked on the plain values from `JSON.parse` without allocating a path or a member record per
 * field. An entry with known members only and nothing to say (`isCleanDetail`) is its own typed detail; any other
 * is read by the same rules as the report walk's (`report-detail-rules.ts`), in the walk's order (member names as
 * `readMembers` judges them, then the fields), so both paths make the same findings and the same typed
 * `FailureDetail`; a test holds the two to that on every fixture and on generated reports. While it reads, it
 * counts members and nesting depth, which the fast path needs to tell that `JSON.parse` hid nothing (duplicate
 * names, deep nesting).
 * Pure. Never throws.
 */
import type { FindingCode } from '../../findings/catalogue.js';
import { admitFinding } from '../../findings/budget.js';
import type { FindingData } from '../../findings/types.js';
import { indexLike } from './report-fast-locate.js';
import { addFast, countValue, detailLevel, wrongType, type FastWalk } from './report-fast-walk.js';
import { formatJsonPath, type JsonPart, type JsonPath } from './report-json.js';
import {
  detailFields,
  isCleanDetail,
  readDetailFields,
  unknownKeyFinding,
  type DetailSink,
} from './report-detail-rules.js';
import { reportKeysIn } from '../model/report-keys.js';
import type { FailureDetail } from '../model/report-model.js';
import { isCount } from './report-values.js';

const fieldIndex = new Map<string, number>(detailFields.map((f, i) => [f, i]));
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

/**
 * One detail being read, and the sink of its findings: its path (made only when a finding needs it) and the member
 * names of its fields. A plain object of one literal shape, not a class instance: the shape of short-lived class
 * instances is dropped by every full GC, and with it the optimised code of the loop that made them.
 */
interface DetailRead extends DetailSink {
  walk: FastWalk;
  array: DetailsRead;
  index: number;
  /** The member name each field was read from (an alias for a misnamed key); undefined when absent. */
  names: (string | undefined)[] | undefined;
}

function admitDetail(this: DetailRead, code: FindingCode): boolean {
  return admitFinding(this.walk.budget, code);
}

function addDetail(
  this: DetailRead,
  code: FindingCode,
  name: string | undefined,
  part: JsonPart,
  data: FindingData,
): void {
  const [policies, entry, details] = this.array.base;
  const path: JsonPath =
    name === undefined
      ? [policies, entry, details, this.index]
      : [policies, entry, details, this.index, name];
  addFast(this.walk, code, path, part, data);
}

/** `formatJsonPath` of a member's path, from the array's text (joined: one flat string, see `fill`). */
function detailPathText(this: DetailRead, name: string): string {
  return [this.array.baseText, '[', this.index, '].', name].join('');
}

const detailRead = (walk: FastWalk, array: DetailsRead, index: number): DetailRead => ({
  walk,
  array,
  index,
  names: undefined,
  admit: admitDetail,
  add: addDetail,
  pathText: detailPathText,
});

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
  const names = detailFields.map((f, i): string | undefined => (values[i] === undefined ? undefined : f));
  d.names = names;
  for (const key of keys) {
    const unknown = unknownKeyFinding('failure-detail', key);
    if (d.admit(unknown.code)) {
      d.add(unknown.code, key, 'key', unknown.data());
    }
    const misnamed = unknown.misnamed;
    const index = misnamed === undefined ? undefined : fieldIndex.get(misnamed.expected);
    if (misnamed?.alias && index !== undefined && names[index] === undefined) {
      values[index] = object[key];
      names[index] = key;
    }
  }
}

const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/**
 * Read element `index` of the `failure-details` array at `base`, for an entry of `policyType`: the typed detail,
 * and findings RPT103–RPT104, RPT120–RPT128 as the report walk makes them. An entry with known keys only and
 * nothing to say takes a shortcut that allocates nothing (the parsed object is the typed detail); any other goes
 * through the general reading, by the walk's rules.
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
    isCleanDetail(type, sendingIp, mx, helo, receivingIp, count, additional, reason, policyType, walk.ips)
  ) {
    return object;
  }
  const values = [type, sendingIp, mx, helo, receivingIp, count, additional, reason];
  const d = detailRead(walk, array, index);
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
 * The general reading of a detail, step by step as `readMembers` and `readFailureDetail` do: member names
 * (RPT125, RPT126, then the required ones, RPT103), then the fields by the shared rules; the typed detail into
 * `detail` when one is wanted.
 */
function readDetailGeneral(
  d: DetailRead,
  object: Record<string, unknown>,
  values: unknown[],
  unknownKeys: string[] | undefined,
  policyType: string | undefined,
  detail: FailureDetail | undefined,
): void {
  if (unknownKeys) {
    readUnknownKeys(d, object, unknownKeys, values);
  }
  let present = 0;
  for (let field = 0; field < values.length; field++) {
    if (values[field] !== undefined) {
      present |= 1 << field;
    }
  }
  for (const key of requiredKeys) {
    const field = fieldIndex.get(key.name) ?? 0;
    if (key.whenMissing && values[field] === undefined && d.admit(key.whenMissing)) {
      d.add(key.whenMissing, undefined, 'key', { path: d.pathText(key.name) });
    }
  }
  readDetailFields(d, values, present, d.names, policyType, d.walk.ips, detail);
}
