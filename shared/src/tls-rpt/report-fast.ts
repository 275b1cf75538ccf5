/**
 * The fast path of report parsing: `JSON.parse` (native, the floor for JavaScript), validate the plain values,
 * and compute source positions only for the values that carry findings (one scan, `report-locate.ts`), instead of
 * building a positioned tree of everything. The small parts of a report (top level, date range, policies,
 * summaries) go through the report walk itself on a copy whose `failure-details` arrays are left empty; the
 * entries, nearly all of a large report, go through `report-fast-detail.ts`. The result equals the positioned
 * path's (`parseJsonDocument` + `validateReportValue`) finding for finding, range for range.
 *
 * It declines (returns undefined, and the caller takes the positioned path) whenever `JSON.parse` would hide
 * something the positioned path reports: a syntax error (RPT101 needs its position), nesting beyond the bound
 * (RPT101), or a duplicate member name (RPT102; `JSON.parse` keeps the last silently). Duplicates are caught by
 * counting: every `:` in the text is either a member's or inside a string, so the text has exactly as many as the
 * parsed value has members plus `:` in its strings, unless a member went missing. (`\u003a`, an escaped colon,
 * would upset the count, so such texts decline too.)
 * Pure. Never throws on valid input; the caller guards it like every parser.
 */
import type { Finding, Parsed, Range } from '../findings/types.js';
import type { JsonLocator, JsonPath } from './report-json.js';
import { misnamedReportKey, reportKeyOf, type ReportObjectKind } from './report-keys.js';
import { locatePaths } from './report-locate.js';
import type { FailureDetail, TlsReport } from './report-model.js';
import { validateReportValue } from './report-validate.js';
import { isJsonObject, type JsonObject } from './report-walk.js';
import { readDetailFast } from './report-fast-detail.js';
import {
  colonsIn,
  countValue,
  createFastWalk,
  emitFast,
  pendingRange,
  type FastWalk,
} from './report-fast-walk.js';

/**
 * The member name the report walk reads for a key: the key itself, or else the first misnamed alias standing in
 * for it (as `readMembers` resolves aliases).
 */
function memberName(object: JsonObject, kind: ReportObjectKind, name: string): string | undefined {
  if (Object.hasOwn(object, name)) {
    return name;
  }
  for (const key of Object.keys(object)) {
    if (reportKeyOf(kind, key) === undefined) {
      const misnamed = misnamedReportKey(kind, key);
      if (misnamed?.alias && misnamed.expected === name) {
        return key;
      }
    }
  }
  return undefined;
}

/** An entry whose failure details the fast loop reads. */
interface Reduced {
  index: number;
  entry: JsonObject;
  detailsKey: string;
  details: unknown[];
}

/** Findings at or under a path (prefix match). */
function under(path: JsonPath | undefined, prefix: JsonPath): boolean {
  return path !== undefined && path.length >= prefix.length && prefix.every((s, i) => path[i] === s);
}

/** A locator that hands out ranges to be filled later, recording what to find. */
function recordingLocator(walk: FastWalk): JsonLocator {
  return {
    rangeOf(path, part) {
      const range = pendingRange();
      walk.requests.push({ path: [...path], part, range });
      return range;
    },
  };
}

/** The path of `summary.total-failure-session-count` of an entry, as the walk reads it (aliases included). */
function failureCountPath(entry: JsonObject, entryPath: JsonPath): JsonPath | undefined {
  const summaryKey = memberName(entry, 'policy-entry', 'summary');
  const summary = summaryKey === undefined ? undefined : entry[summaryKey];
  if (summaryKey === undefined || !isJsonObject(summary)) {
    return undefined;
  }
  const countKey = memberName(summary, 'summary', 'total-failure-session-count');
  return countKey === undefined ? undefined : [...entryPath, summaryKey, countKey];
}

/**
 * RPT119 for an entry whose details the fast loop read (the walk saw none of them): the details add up to
 * another number than the summary's total. Same condition and data as the report walk.
 */
function checkDetailSum(
  walk: FastWalk,
  entry: JsonObject,
  entryPath: JsonPath,
  failureCount: number | undefined,
  details: FailureDetail[],
): void {
  const failurePath = failureCountPath(entry, entryPath);
  if (failureCount === undefined || failurePath === undefined) {
    return;
  }
  const counts = details.map((d) => d.failedSessionCount);
  if (counts.length > 0 && counts.every((c) => c !== undefined)) {
    const sum = counts.reduce((a, b) => a + b, 0);
    if (sum !== failureCount) {
      emitFast(walk, 'RPT119', failurePath, 'value', { sum, total: failureCount });
    }
  }
}

/**
 * Parse report JSON text the fast way. Undefined when the fast path declines (see the module header); otherwise
 * the same value and findings, in document order (findings without a range first), as the positioned path.
 * @see RFC 8460 §4.4
 */
export function parseReportFast(text: string, maxDepth: number): Parsed<TlsReport> | undefined {
  // RFC 8259 §8.1: a byte order mark may be ignored; it stays in `text` so that positions keep counting it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.includes('\\u003a') || source.includes('\\u003A')) {
    return undefined;
  }
  let root: unknown;
  try {
    root = JSON.parse(source);
  } catch {
    return undefined;
  }
  const walk = createFastWalk(maxDepth);
  const reduced: Reduced[] = [];
  let skeleton = root;
  let policiesKey: string | undefined;
  if (isJsonObject(root)) {
    policiesKey = memberName(root, 'report', 'policies');
    const policies = policiesKey === undefined ? undefined : root[policiesKey];
    if (policiesKey !== undefined && Array.isArray(policies)) {
      const entries = (policies as unknown[]).map((entry, index) => {
        if (!isJsonObject(entry)) {
          return entry;
        }
        const detailsKey = memberName(entry, 'policy-entry', 'failure-details');
        const details = detailsKey === undefined ? undefined : entry[detailsKey];
        if (detailsKey === undefined || !Array.isArray(details) || details.length === 0) {
          return entry;
        }
        reduced.push({ index, entry, detailsKey, details: details as unknown[] });
        // Same length, no elements: the walk sees that details exist (RPT118) but reads none of them.
        return { ...entry, [detailsKey]: new Array<unknown>(details.length) };
      });
      skeleton = { ...root, [policiesKey]: entries };
    }
  }
  const validated = validateReportValue(skeleton, recordingLocator(walk));
  const report = validated.report;
  // What the walk said about the left-out elements or their sum is not about the document: drop it.
  const reducedPaths = reduced.map((r) => [policiesKey ?? 'policies', r.index] as JsonPath);
  const kept = validated.findings.filter(
    (f) =>
      !reduced.some(
        (r, k) =>
          (f.code === 'RPT119' && under(f.path, reducedPaths[k] ?? [])) ||
          (under(f.path, [...(reducedPaths[k] ?? []), r.detailsKey]) && typeof f.path?.[3] === 'number'),
      ),
  );
  const keptRanges = new Set<Range | undefined>(kept.map((f) => f.range));
  const requests = walk.requests.filter((r) => keptRanges.has(r.range));
  walk.requests = requests;
  walk.findings = kept;

  // Count what the walk read, outside the details the fast loop counts itself (it counts them as it reads).
  const skip = new Set<unknown>(reduced.map((r) => r.details));
  const countSkeleton = (value: unknown, level: number): void => {
    if (typeof value !== 'object' || value === null) {
      countValue(walk, value, level);
      return;
    }
    if (level > walk.depth) {
      walk.depth = level;
    }
    if (level > maxDepth || skip.has(value)) {
      return;
    }
    if (Array.isArray(value)) {
      for (const element of value as unknown[]) {
        countSkeleton(element, level + 1);
      }
      return;
    }
    const object = value as JsonObject;
    for (const key in object) {
      walk.members++;
      walk.colons += colonsIn(key);
      countSkeleton(object[key], level + 1);
    }
  };
  countSkeleton(root, 1);

  if (report) {
    for (const r of reduced) {
      const entryPath: JsonPath = [policiesKey ?? 'policies', r.index];
      const policy = report.policies[r.index];
      const base: JsonPath = [...entryPath, r.detailsKey];
      const details = r.details.map((element, j) =>
        readDetailFast(walk, element, base, j, policy?.policyType),
      );
      if (policy) {
        report.policies[r.index] = { ...policy, failureDetails: details };
        checkDetailSum(walk, r.entry, entryPath, policy.failureCount, details);
      }
    }
  }
  if (walk.depth > maxDepth || colonsIn(source) !== walk.members + walk.colons) {
    return undefined;
  }
  locatePaths(text, walk.requests);
  // Document order, as `inDocumentOrder` sorts: by where the range starts, then in the order findings were made;
  // unlocated ones (no range) first.
  const orderOf = new Map<Range, number>();
  for (const request of walk.requests) {
    orderOf.set(request.range, request.offset ?? -1);
  }
  const keyed = walk.findings.map((finding, i) => ({
    finding,
    i,
    order: finding.range ? (orderOf.get(finding.range) ?? -1) : -1,
  }));
  keyed.sort((a, b) => a.order - b.order || a.i - b.i);
  const findings: Finding[] = keyed.map(({ finding, order }) => {
    if (order < 0 && finding.range !== undefined) {
      const { range, ...rest } = finding;
      void range;
      return rest;
    }
    return finding;
  });
  return { value: report, findings };
}
