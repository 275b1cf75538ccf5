/**
 * The state of the fast report path (`report-fast.ts`): findings whose ranges the locator fills later, and the
 * counts that tell whether `JSON.parse` hid anything (members, nesting depth). Pure. Never throws.
 */
import type { FindingCode } from '../../findings/catalogue.js';
import { admitFinding, type FindingBudget } from '../../findings/budget.js';
import { makeFinding } from '../../findings/finding.js';
import type { Finding, FindingData, Position, Range } from '../../findings/types.js';
import { formatJsonPath, type JsonPart, type JsonPath } from './report-json.js';
import type { IpMemo } from './report-fast-ip.js';
import { indexLike } from './report-fast-locate.js';
import type { LocateRequest } from './report-locate.js';
import { wrongTypeData, wrongTypePart } from './report-detail-rules.js';

/** The state of a fast read: findings with ranges still to fill, and what the duplicate check counts. */
export interface FastWalk {
  findings: Finding[];
  /** The cap on findings: past it a finding is counted, not built (nor located). */
  budget: FindingBudget;
  requests: LocateRequest[];
  /** For each finding, the index of the request that locates it (-1 for none). */
  requestOf: number[];
  /** Object members seen in the values walked. */
  members: number;
  /** Deepest nesting of objects and arrays seen (1 for the top level). */
  depth: number;
  /** Nesting beyond this is not walked (the caller falls back to the positioned path). */
  maxDepth: number;
  /** IP addresses read so far. */
  ips: IpMemo;
  /** Whether a member name seen looks like an array index (V8 enumerates those out of document order). */
  indexLikeNames: boolean;
}

/** A new walk state. */
export function createFastWalk(maxDepth: number, budget: FindingBudget): FastWalk {
  return {
    findings: [],
    budget,
    requests: [],
    requestOf: [],
    members: 0,
    depth: 0,
    maxDepth,
    ips: new Map(),
    indexLikeNames: false,
  };
}

/** Where a range points until the locator fills it (shared: the locator replaces `start` and `end`). */
const nowhere: Position = Object.freeze({ line: 0, character: 0 });

/** A range object to be filled by the locator. */
export function pendingRange(): Range {
  return { start: nowhere, end: nowhere };
}

/** Make a finding whose range is located later, as the walk's `emit` does with a locator. */
export function emitFast(
  walk: FastWalk,
  code: FindingCode,
  path: JsonPath,
  part: JsonPart,
  data?: FindingData,
): void {
  if (admitFinding(walk.budget, code)) {
    addFast(walk, code, path, part, data);
  }
}

/** Make a finding the cap already admitted (`admitFinding`), its range located later. */
export function addFast(
  walk: FastWalk,
  code: FindingCode,
  path: JsonPath,
  part: JsonPart,
  data: FindingData | undefined,
): void {
  const range = pendingRange();
  walk.requestOf.push(walk.requests.length);
  walk.requests.push({ path, part, range, offset: -1 });
  walk.findings.push(makeFinding(code, { range, path, data }));
}

/** Count members and depth in any JSON value; `level` is the nesting a container here has. */
export function countValue(walk: FastWalk, value: unknown, level: number): void {
  if (typeof value !== 'object' || value === null) {
    return;
  }
  if (level > walk.depth) {
    walk.depth = level;
  }
  if (level > walk.maxDepth) {
    return;
  }
  if (Array.isArray(value)) {
    for (const element of value as unknown[]) {
      countValue(walk, element, level + 1);
    }
    return;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    walk.members++;
    walk.indexLikeNames ||= indexLike(key);
    countValue(walk, object[key], level + 1);
  }
}

/** The nesting level of a failure-detail object: top level, `policies`, entry, `failure-details`, detail. */
export const detailLevel = 5;

/** RPT104, marked at the name for objects and arrays and at the value for scalars (as `wrongType`). */
export function wrongType(
  walk: FastWalk,
  path: JsonPath,
  value: unknown,
  expected: string,
  pathText?: string,
): void {
  if (admitFinding(walk.budget, 'RPT104')) {
    const data = wrongTypeData(pathText ?? formatJsonPath(path), expected, value);
    addFast(walk, 'RPT104', path, wrongTypePart(value), data);
  }
}
