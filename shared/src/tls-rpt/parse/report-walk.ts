/**
 * The tools of the report walk: emitting a finding at a JSON path, reading an object's members against the
 * knowledge table (unknown keys RPT126, misnamed keys RPT125 read in place of the key they stand for, missing keys
 * RPT103/RPT112), and reading typed member values (RPT104). Works on plain JSON values; positions come from an
 * injected locator. Pure. Never throws.
 */
import type { FindingCode } from '../../findings/catalogue.js';
import { admitFinding, type FindingBudget } from '../../findings/budget.js';
import { makeFinding } from '../../findings/finding.js';
import type { Finding, FindingData } from '../../findings/types.js';
import { formatJsonPath, type JsonLocator, type JsonPart, type JsonPath } from './report-json.js';
import { reportKeyOf, reportKeysIn, type ReportObjectKind } from '../model/report-keys.js';
import { isCount } from './report-values.js';
import type { IpMemo } from './report-fast-ip.js';
import { unknownKeyFinding, wrongTypeData, wrongTypePart } from './report-detail-rules.js';

/** The state of one walk over a report value. */
export interface Walk {
  findings: Finding[];
  locator: JsonLocator;
  /** The cap on findings: past it a finding is counted, not built (nor located). */
  budget: FindingBudget;
  /** `failure-details` arrays whose elements and sum another reader checks (the fast path's detail loop). */
  readElsewhere: ReadonlySet<unknown> | undefined;
  /** IP addresses read so far. */
  ips: IpMemo;
}

/**
 * A member value with the path it was read from (the misnamed key's path when read through an alias). `value` is
 * undefined only when a syntax error swallowed it; readers then stay silent (RPT101 covers it).
 */
export interface Member {
  value: unknown;
  path: JsonPath;
}

/** A JSON object as parsed (possibly without a prototype). */
export type JsonObject = Record<string, unknown>;

/** Whether a JSON value is an object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Add a finding located at a path. */
export function emit(
  walk: Walk,
  code: FindingCode,
  path: JsonPath,
  part: JsonPart,
  data?: FindingData,
): void {
  if (admitFinding(walk.budget, code)) {
    add(walk, code, path, part, data);
  }
}

/** Add a finding the cap already admitted (`admitFinding`), located at a path. */
export function add(
  walk: Walk,
  code: FindingCode,
  path: JsonPath,
  part: JsonPart,
  data: FindingData | undefined,
): void {
  walk.findings.push(makeFinding(code, { range: walk.locator.rangeOf(path, part), path, data }));
}

/** Add a finding whose data is made only when the cap admits it. */
function emitLazy(
  walk: Walk,
  code: FindingCode,
  path: JsonPath,
  part: JsonPart,
  data: () => FindingData,
): void {
  if (admitFinding(walk.budget, code)) {
    add(walk, code, path, part, data());
  }
}

/** RPT104 for a member of the wrong type; objects and arrays are marked at their name, scalars at the value. */
export function wrongType(walk: Walk, member: Member, expected: string): void {
  if (admitFinding(walk.budget, 'RPT104')) {
    const data = wrongTypeData(formatJsonPath(member.path), expected, member.value);
    add(walk, 'RPT104', member.path, wrongTypePart(member.value), data);
  }
}

/** Reads the members of one object of the report. */
export interface Members {
  /** The member under a known key, or under a misnamed key standing in for it; undefined when absent. */
  get(name: string): Member | undefined;
}

/**
 * Check an object's member names against the knowledge table and report missing keys.
 * @see RFC 8460 §4.4
 */
export function readMembers(walk: Walk, object: JsonObject, kind: ReportObjectKind, path: JsonPath): Members {
  const aliases = new Map<string, string>();
  for (const name of Object.keys(object)) {
    if (reportKeyOf(kind, name)) {
      continue;
    }
    const unknown = unknownKeyFinding(kind, name);
    emitLazy(walk, unknown.code, [...path, name], 'key', unknown.data);
    const misnamed = unknown.misnamed;
    if (misnamed?.alias && !Object.hasOwn(object, misnamed.expected) && !aliases.has(misnamed.expected)) {
      aliases.set(misnamed.expected, name);
    }
  }
  const get = (name: string): Member | undefined => {
    const actual = Object.hasOwn(object, name) ? name : aliases.get(name);
    return actual === undefined ? undefined : { value: object[actual], path: [...path, actual] };
  };
  for (const key of reportKeysIn(kind)) {
    if (key.whenMissing && get(key.name) === undefined) {
      emit(walk, key.whenMissing, path, 'key', { path: formatJsonPath([...path, key.name]) });
    }
  }
  return { get };
}

/** A string member; RPT104 when it is something else. */
export function readString(walk: Walk, member: Member | undefined): string | undefined {
  if (member?.value === undefined) {
    return undefined;
  }
  if (typeof member.value === 'string') {
    return member.value;
  }
  wrongType(walk, member, 'a string');
  return undefined;
}

/** A count member (non-negative integer, RFC 8460 §4.4 "an integer, encoded as a JSON number"); RPT104 otherwise. */
export function readCount(walk: Walk, member: Member | undefined): number | undefined {
  if (member?.value === undefined) {
    return undefined;
  }
  if (isCount(member.value)) {
    return member.value;
  }
  wrongType(walk, member, 'a non-negative integer');
  return undefined;
}

/** An object member; RPT104 when it is something else. */
export function readObject(walk: Walk, member: Member | undefined): JsonObject | undefined {
  if (member?.value === undefined) {
    return undefined;
  }
  if (isJsonObject(member.value)) {
    return member.value;
  }
  wrongType(walk, member, 'an object');
  return undefined;
}

/** An array member; RPT104 when it is something else. */
export function readArray(walk: Walk, member: Member | undefined): unknown[] | undefined {
  if (member?.value === undefined) {
    return undefined;
  }
  if (Array.isArray(member.value)) {
    return member.value as unknown[];
  }
  wrongType(walk, member, 'an array');
  return undefined;
}

/**
 * A list of strings: an array whose non-string elements get RPT104 and are left out, or a bare string read as a
 * one-element list (`bare` says which; the caller decides what a bare string deserves).
 */
export function readStringList(
  walk: Walk,
  member: Member | undefined,
): { list: string[]; bare: boolean; indexes: number[] } | undefined {
  if (member?.value === undefined) {
    return undefined;
  }
  if (typeof member.value === 'string') {
    return { list: [member.value], bare: true, indexes: [] };
  }
  if (!Array.isArray(member.value)) {
    wrongType(walk, member, 'an array of strings');
    return undefined;
  }
  const list: string[] = [];
  const indexes: number[] = [];
  member.value.forEach((element, i) => {
    if (typeof element === 'string') {
      list.push(element);
      indexes.push(i);
    } else {
      wrongType(walk, { value: element, path: [...member.path, i] }, 'a string');
    }
  });
  return { list, bare: false, indexes };
}

/** Drop undefined properties, so a typed value has only the fields that were read (exactOptionalPropertyTypes). */
export function compact<T extends object>(fields: { [K in keyof T]: T[K] | undefined }): T {
  const out: Partial<T> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    const value = fields[key];
    if (value !== undefined) {
      out[key] = value;
    }
  }
  return out as T;
}
