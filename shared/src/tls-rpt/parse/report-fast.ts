/**
 * The fast path of report parsing: `JSON.parse` (native, the floor for JavaScript), validate the plain values,
 * and compute source positions only for the values that carry findings (from the offsets of member colons,
 * `report-fast-locate.ts`), instead of building a positioned tree of everything. The small parts of a report (top
 * level, date range, policies, summaries) go through the report walk itself on a copy whose `failure-details`
 * arrays hold one hole each; the entries, nearly all of a large report, go through `report-fast-detail.ts`. The
 * result equals the positioned path's (`parseJsonDocument` + `validateReportValue`) finding for finding, range for
 * range.
 *
 * It declines (returns undefined, and the caller takes the positioned path) whenever `JSON.parse` would hide
 * something the positioned path reports: a syntax error (RPT101 needs its position), nesting beyond the bound
 * (RPT101), or a duplicate member name (RPT102; `JSON.parse` keeps the last silently). Duplicates are caught by
 * counting: every member of the text has one `:` outside strings, so the text has exactly as many of those as the
 * parsed value has members, unless a member went missing.
 * Pure. Never throws on valid input; the caller guards it like every parser.
 */
import { createFindingBudget, type FindingBudget } from '../../findings/budget.js';
import type { Finding, Parsed, Range } from '../../findings/types.js';
import type { JsonLocator, JsonPath } from './report-json.js';
import { misnamedReportKey, reportKeyOf, type ReportObjectKind } from '../model/report-keys.js';
import { locatePaths } from './report-locate.js';
import { createMemberCounts, indexLike, locateByColons, orderBy } from './report-fast-locate.js';
import type { FailureDetail, TlsReport } from '../model/report-model.js';
import { validateReportValue } from './report-validate.js';
import { isJsonObject, type JsonObject } from './report-walk.js';
import { readDetailFast, readingDetails } from './report-fast-detail.js';
import { detailSumMismatch } from './report-detail-rules.js';
import { countValue, createFastWalk, emitFast, pendingRange, type FastWalk } from './report-fast-walk.js';

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

/** A locator that hands out ranges to be filled later, recording what to find. */
function recordingLocator(walk: FastWalk): JsonLocator {
  return {
    rangeOf(path, part) {
      const range = pendingRange();
      walk.requests.push({ path: [...path], part, range, offset: -1 });
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
 * another number than the summary's total. The same rule as the report walk's (`detailSumMismatch`).
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
  const mismatch = detailSumMismatch(failureCount, details);
  if (mismatch !== undefined) {
    emitFast(walk, 'RPT119', failurePath, 'value', mismatch);
  }
}

/**
 * Parse report JSON text the fast way. Undefined when the fast path declines (see the module header); otherwise
 * the same value and findings, in document order (findings without a range first), as the positioned path.
 * @see RFC 8460 §4.4
 */
export function parseReportFast(
  text: string,
  maxDepth: number,
  budget: FindingBudget = createFindingBudget(Infinity),
): Parsed<TlsReport> | undefined {
  // RFC 8259 §8.1: a byte order mark may be ignored; it stays in `text` so that positions keep counting it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let root: unknown;
  try {
    root = JSON.parse(source);
  } catch {
    return undefined;
  }
  const walk = createFastWalk(maxDepth, budget);
  const reduced: Reduced[] = [];
  let policiesKey: string | undefined;
  if (isJsonObject(root)) {
    policiesKey = memberName(root, 'report', 'policies');
    const policies = policiesKey === undefined ? undefined : root[policiesKey];
    if (policiesKey !== undefined && Array.isArray(policies)) {
      (policies as unknown[]).forEach((entry, index) => {
        if (!isJsonObject(entry)) {
          return;
        }
        const detailsKey = memberName(entry, 'policy-entry', 'failure-details');
        const details = detailsKey === undefined ? undefined : entry[detailsKey];
        if (detailsKey !== undefined && Array.isArray(details) && details.length > 0) {
          reduced.push({ index, entry, detailsKey, details: details as unknown[] });
        }
      });
    }
  }
  // The walk reads everything but the details, which the loop below reads (report-fast-detail.ts).
  const readElsewhere = new Set<unknown>(reduced.map((r) => r.details));
  const validated = validateReportValue(root, recordingLocator(walk), budget, readElsewhere);
  const report = validated.report;
  const kept = validated.findings;
  const keptRanges = new Set<Range | undefined>(kept.map((f) => f.range));
  walk.requests = walk.requests.filter((r) => keptRanges.has(r.range));
  const requestAt = new Map(walk.requests.map((r, i) => [r.range, i]));
  walk.findings = kept;
  walk.requestOf = kept.map((f) => (f.range === undefined ? -1 : (requestAt.get(f.range) ?? -1)));

  // Count what the walk read, outside the details the fast loop counts itself (it counts them as it reads).
  const skip = readElsewhere;
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
      walk.indexLikeNames ||= indexLike(key);
      countSkeleton(object[key], level + 1);
    }
  };
  countSkeleton(root, 1);

  const counts = createMemberCounts();
  for (const r of reduced) {
    const entryPath: JsonPath = [policiesKey ?? 'policies', r.index];
    const policy = report?.policies[r.index];
    const array = readingDetails(
      walk,
      [policiesKey ?? 'policies', r.index, r.detailsKey],
      policy?.policyType,
    );
    const details = r.details;
    // The members before each detail, for locating findings by their colons (report-fast-locate.ts).
    const prefix = new Int32Array(details.length + 1);
    // The parsed array stays as parsed; a copy is made only when some detail is not its own typed reading.
    let typed: FailureDetail[] | undefined;
    for (let j = 0; j < details.length; j++) {
      const before = walk.members;
      const element = details[j];
      const detail = readDetailFast(array, element, j);
      if (detail !== element) {
        typed ??= details.slice(0, j) as FailureDetail[];
      }
      typed?.push(detail);
      prefix[j + 1] = (prefix[j] ?? 0) + walk.members - before;
    }
    counts.prefixes.set(details, prefix);
    const failureDetails = typed ?? (details as FailureDetail[]);
    if (report && policy) {
      report.policies[r.index] = { ...policy, failureDetails };
      checkDetailSum(walk, r.entry, entryPath, policy.failureCount, failureDetails);
    }
  }
  if (walk.depth > maxDepth) {
    return undefined;
  }
  const located = locateByColons(text, root, counts, walk.requests, !walk.indexLikeNames);
  if (located.members !== walk.members) {
    return undefined;
  }
  if (located.left.length > 0) {
    locatePaths(text, located.left);
  }
  // Document order, as `sortFindings` sorts: by where the range starts, then in the order findings were made;
  // unlocated ones (no range) first.
  const found = walk.findings;
  const offsets = walk.requestOf.map((r) => (r < 0 ? -1 : (walk.requests[r]?.offset ?? -1)));
  const findings: Finding[] = orderBy(offsets).map((k) => {
    const finding = found[k]!;
    if (finding.range !== undefined && (offsets[k] ?? -1) < 0) {
      const { range, ...rest } = finding;
      void range;
      return rest;
    }
    return finding;
  });
  return { value: report, findings };
}
