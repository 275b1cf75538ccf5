/**
 * A summary of many TLS-RPT reports (RFC 8460 §4): session totals and success rates per policy domain, per
 * reporting organisation and per UTC day; failed sessions per sending source, result type, receiving MX and
 * receiving IP; behind each row its largest failure details (bounded); duplicate reports (same organisation and
 * `report-id`, RFC 8460 §5.3 "identify and ignore duplicate reports") counted once, and listed.
 * Pure; the output is plain JSON. Never throws. One pass over the reports (each added as it comes, then free to
 * go), then one over the failure groups.
 */
import type { TlsReport } from '../model/report-model.js';
import {
  entryOf,
  FailureGroups,
  newKeyed,
  rowId as idOf,
  type FailureDimension,
  type FailureGroup,
  type FailureIdentity,
  type Keyed,
} from './summary-details.js';

export type { FailureGroup } from './summary-details.js';

/** Totals over the distinct reports. */
export interface SummaryTotals {
  /** Sum of `total-successful-session-count`. */
  successful: number;
  /** Sum of `total-failure-session-count` (the summaries, not the overlapping failure details). */
  failed: number;
  /** successful / (successful + failed); null when there were no sessions. */
  successRate: number | null;
  /** Policy entries counted. */
  policies: number;
  /** Policy entries whose success or failure count was missing or unreadable (counted as 0). */
  policiesWithoutCounts: number;
}

/**
 * One row of a breakdown. `key` is the grouping value, null when the reports do not give it (e.g. no
 * `sending-mta-ip` for a policy fetch failure). Rows built from failure details know only failures: their
 * `successful` and `successRate` are null.
 */
export interface SummaryRow {
  key: string | null;
  /** Only in `bySendingSource`: the reporting organisation that saw this sending IP. */
  organization?: string | null;
  /** Distinct reports that contributed to the row. */
  reports: number;
  successful: number | null;
  failed: number;
  successRate: number | null;
  /**
   * The failure details behind the row, grouped and largest first; at most `maxDetailsPerRow`, and only for the
   * first `maxRowsWithDetails` rows of a breakdown (the newest days for `byDay`); other rows list none.
   */
  details: FailureGroup[];
  /** How many more failure groups the row has than `details` shows. */
  moreDetails: number;
}

/** A report id seen more than once (counted once). */
export interface DuplicateReport {
  reportId: string;
  organization: string | null;
  /** How many copies were given. */
  copies: number;
  /** The `source` of each copy that named one, in input order. */
  sources: string[];
}

/** The summary of a set of reports. */
export interface ReportSummary {
  /** Distinct reports counted. */
  reports: number;
  /** Copies left out because an earlier report had the same organisation and `report-id`. */
  duplicates: number;
  duplicateReports: DuplicateReport[];
  /** Earliest start and latest end among the reports' date ranges; null when none could be read. */
  dateRange: { startMs: number; endMs: number } | null;
  totals: SummaryTotals;
  byPolicyDomain: SummaryRow[];
  byOrganization: SummaryRow[];
  /** Per UTC day (`YYYY-MM-DD`) of each report's `start-datetime`, oldest first; null for unreadable dates. */
  byDay: SummaryRow[];
  /** Per `sending-mta-ip` and reporting organisation: failed sessions from the failure details. */
  bySendingSource: SummaryRow[];
  byResultType: SummaryRow[];
  byReceivingMx: SummaryRow[];
  byReceivingIp: SummaryRow[];
}

/** A report to summarise, with where it came from (a file name) for the duplicate list. */
export interface SummaryInput {
  report: TlsReport;
  source?: string;
}

/** Options of `summarizeReports`. */
export interface SummaryOptions {
  /** The most failure groups listed behind one row (default 10; 0 lists none, `moreDetails` still counts). */
  maxDetailsPerRow: number;
  /**
   * How many rows of each breakdown list their details (default 50): the rows with the most failures, or the
   * newest days. A year of a large sender has tens of thousands of sending IPs; listing the details of every one
   * would make the summary larger than the reports.
   */
  maxRowsWithDetails: number;
}

/** The defaults of `SummaryOptions`. */
export const defaultSummaryOptions: SummaryOptions = { maxDetailsPerRow: 10, maxRowsWithDetails: 50 };

interface Accumulator {
  key: string | null;
  organization?: string | null;
  reports: number;
  /** The last report counted, so a report adds to `reports` once however many entries it has here. */
  lastReport: number;
  successful: number | null;
  failed: number;
}

function rate(successful: number, failed: number): number | null {
  return successful + failed === 0 ? null : successful / (successful + failed);
}

/** Ascending, with missing values (null) last. */
export function compareKeys(a: string | null | undefined, b: string | null | undefined): number {
  if (a === b) {
    return 0;
  }
  if (a === null || a === undefined) {
    return 1;
  }
  if (b === null || b === undefined) {
    return -1;
  }
  return a < b ? -1 : 1;
}

type RowOrder = 'failures' | 'key';

/** What a breakdown says of its rows' failure groups: listed for some rows (in one go), only counted for others. */
type RowDetailsOf = (rows: readonly Accumulator[]) => Pick<SummaryRow, 'details' | 'moreDetails'>[];

/**
 * Grouping helper: rows keyed by a value (null included: a `Map` keeps it apart from "null"), and for sending
 * sources by the organisation too, in first-seen order until sorted. No key is built per detail.
 */
class Groups {
  /** By organisation (only for sources; else all rows under null), then by key. */
  private readonly index: Keyed<Keyed<Accumulator>> = new Map();
  private readonly rows: Accumulator[] = [];
  constructor(private readonly sessionsKnown: boolean) {}

  add(key: string | null, report: number, organization?: string | null): Accumulator {
    const byKey = entryOf(this.index, organization ?? null, newKeyed);
    let row = byKey.get(key);
    if (!row) {
      row = {
        key,
        ...(organization === undefined ? {} : { organization }),
        reports: 0,
        lastReport: -1,
        successful: this.sessionsKnown ? 0 : null,
        failed: 0,
      };
      byKey.set(key, row);
      this.rows.push(row);
    }
    if (row.lastReport !== report) {
      row.lastReport = report;
      row.reports++;
    }
    return row;
  }

  /**
   * Rows with the most failures first (or by key, for days), then by key (null last), so the output is
   * deterministic. The first `withDetails` rows (the last, for days) get their failure groups from `details`;
   * the others only say how many they have (`count`).
   */
  toRows(
    order: RowOrder,
    withDetails: number,
    details: RowDetailsOf,
    count: (row: Accumulator) => number,
  ): SummaryRow[] {
    const sorted = [...this.rows].sort((x, y) =>
      order === 'key'
        ? compareKeys(x.key, y.key)
        : y.failed - x.failed || compareKeys(x.key, y.key) || compareKeys(x.organization, y.organization),
    );
    const from = Math.max(0, order === 'key' ? sorted.length - withDetails : 0);
    const listed = details(sorted.slice(from, from + withDetails));
    return sorted.map((a, i): SummaryRow => ({
      key: a.key,
      ...(a.organization === undefined ? {} : { organization: a.organization }),
      reports: a.reports,
      successful: a.successful,
      failed: a.failed,
      successRate: a.successful === null ? null : rate(a.successful, a.failed),
      ...(listed[i - from] ?? { details: [], moreDetails: count(a) }),
    }));
  }
}

const present = (value: string | undefined): string | null =>
  value === undefined || value === '' ? null : value;
/** Domain names compare case-insensitively and without a final dot. */
export const domainKey = (value: string | undefined): string | null =>
  present(value?.toLowerCase().replace(/\.$/, ''));

const dayMs = 86_400_000;

/** The UTC day (`YYYY-MM-DD`) of an epoch time; null when there is none or it is out of range. */
function dayOf(ms: number | undefined, cache: Map<number, string>): string | null {
  if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    return null;
  }
  const day = Math.floor(ms / dayMs);
  let text = cache.get(day);
  if (text === undefined) {
    text = new Date(day * dayMs).toISOString().slice(0, 10);
    cache.set(day, text);
  }
  return text;
}

/** Summarises reports one at a time, so a caller can let each report go once it is added. */
export interface ReportSummarizer {
  /** Count one report (a copy of an earlier one, by organisation and `report-id`, is only listed). */
  add(report: TlsReport, source?: string): void;
  /** The summary of the reports added so far; adding more afterwards is allowed. */
  result(): ReportSummary;
}

/**
 * Summarise reports as they come: `add` each one, then `result()`. Holds the summary's rows and failure groups, not
 * the reports. Gives exactly what `summarizeReports` gives for the same reports in the same order. Counts that are
 * missing or unreadable count as 0 (and are counted in `policiesWithoutCounts`). Duplicates (same organisation and
 * non-empty `report-id`) are counted once, the first copy wins. A report counts towards the UTC day its range
 * starts on.
 * @see RFC 8460 §4.1, §4.2, §4.3
 */
export function createSummarizer(options: Partial<SummaryOptions> = {}): ReportSummarizer {
  const bound = (value: number | undefined, fallback: number): number =>
    Math.max(0, Math.floor(Number.isFinite(value) ? (value ?? fallback) : fallback));
  const maxDetails = bound(options.maxDetailsPerRow, defaultSummaryOptions.maxDetailsPerRow);
  const withDetails = bound(options.maxRowsWithDetails, defaultSummaryOptions.maxRowsWithDetails);
  /** Each (organisation, report-id) seen, with its copies. */
  const seen = new Map<string, DuplicateReport>();
  let distinct = 0;
  const totals: SummaryTotals = {
    successful: 0,
    failed: 0,
    successRate: null,
    policies: 0,
    policiesWithoutCounts: 0,
  };
  const byDomain = new Groups(true);
  const byOrganization = new Groups(true);
  const byDay = new Groups(true);
  const bySource = new Groups(false);
  const byType = new Groups(false);
  const byMx = new Groups(false);
  const byIp = new Groups(false);
  const failures = new FailureGroups();
  const identity: FailureIdentity = {
    organization: null,
    policyDomain: null,
    resultType: null,
    sendingMtaIp: null,
    receivingMxHostname: null,
    receivingIp: null,
    failureReasonCode: null,
  };
  const days = new Map<number, string>();
  let startMs: number | undefined;
  let endMs: number | undefined;

  /** Whether the report is a copy of one counted before; the first copy of each is remembered. */
  const isCopy = (report: TlsReport, source: string | undefined): boolean => {
    const id = present(report.reportId);
    if (id === null) {
      return false;
    }
    const organization = present(report.organizationName);
    const key = `${idOf(organization)}\u0001${id}`;
    const earlier = seen.get(key);
    if (earlier) {
      earlier.copies++;
      if (source !== undefined) {
        earlier.sources.push(source);
      }
      return true;
    }
    seen.set(key, { reportId: id, organization, copies: 1, sources: source === undefined ? [] : [source] });
    return false;
  };

  const add = (report: TlsReport, source?: string): void => {
    if (isCopy(report, source)) {
      return;
    }
    const r = distinct++;
    const organization = present(report.organizationName);
    const { startMs: start, endMs: end } = report.dateRange ?? {};
    if (start !== undefined) {
      startMs = startMs === undefined ? start : Math.min(startMs, start);
    }
    if (end !== undefined) {
      endMs = endMs === undefined ? end : Math.max(endMs, end);
    }
    const day = dayOf(start, days);
    const orgRow = byOrganization.add(organization, r);
    const dayRow = byDay.add(day, r);
    for (const policy of report.policies) {
      const successful = policy.successCount ?? 0;
      const failed = policy.failureCount ?? 0;
      totals.policies++;
      if (policy.successCount === undefined || policy.failureCount === undefined) {
        totals.policiesWithoutCounts++;
      }
      totals.successful += successful;
      totals.failed += failed;
      const domain = domainKey(policy.policyDomain);
      const domainRow = byDomain.add(domain, r);
      for (const row of [domainRow, orgRow, dayRow]) {
        row.successful = (row.successful ?? 0) + successful;
        row.failed += failed;
      }
      for (const detail of policy.failureDetails) {
        const count = detail['failed-session-count'] ?? 0;
        const ip = present(detail['sending-mta-ip']);
        const type = present(detail['result-type']);
        const mx = domainKey(detail['receiving-mx-hostname']);
        const receivingIp = present(detail['receiving-ip']);
        bySource.add(ip, r, organization).failed += count;
        byType.add(type, r).failed += count;
        byMx.add(mx, r).failed += count;
        byIp.add(receivingIp, r).failed += count;
        // One identity object for every detail: the groups copy it when they are new.
        identity.organization = organization;
        identity.policyDomain = domain;
        identity.resultType = type;
        identity.sendingMtaIp = ip;
        identity.receivingMxHostname = mx;
        identity.receivingIp = receivingIp;
        identity.failureReasonCode = present(detail['failure-reason-code']);
        failures.add(identity, count, r, start, day);
      }
    }
  };

  const result = (): ReportSummary => {
    const rows = failures.rows(maxDetails);
    const by = (dimension: FailureDimension): [RowDetailsOf, (row: Accumulator) => number] => [
      (listed) => rows.top(dimension, listed),
      (row) => rows.count(dimension, row),
    ];
    // Copies, so that reports added later do not change a summary already given.
    const duplicateReports = [...seen.values()]
      .filter((d) => d.copies > 1)
      .map((d) => ({ ...d, sources: d.sources.slice() }));
    return {
      reports: distinct,
      duplicates: duplicateReports.reduce((n, d) => n + d.copies - 1, 0),
      duplicateReports,
      dateRange: startMs === undefined || endMs === undefined ? null : { startMs, endMs },
      totals: { ...totals, successRate: rate(totals.successful, totals.failed) },
      byPolicyDomain: byDomain.toRows('failures', withDetails, ...by('policyDomain')),
      byOrganization: byOrganization.toRows('failures', withDetails, ...by('organization')),
      byDay: byDay.toRows(
        'key',
        withDetails,
        (listed) => rows.topByDay(listed.map((row) => row.key)),
        (row) => rows.count('day', row),
      ),
      bySendingSource: bySource.toRows('failures', withDetails, ...by('source')),
      byResultType: byType.toRows('failures', withDetails, ...by('resultType')),
      byReceivingMx: byMx.toRows('failures', withDetails, ...by('receivingMxHostname')),
      byReceivingIp: byIp.toRows('failures', withDetails, ...by('receivingIp')),
    };
  };

  return { add, result };
}

/**
 * Summarise reports given all at once (see `createSummarizer`, which takes them one at a time).
 * @see RFC 8460 §4.1, §4.2, §4.3
 */
export function summarizeReports(
  reports: readonly SummaryInput[],
  options: Partial<SummaryOptions> = {},
): ReportSummary {
  const summarizer = createSummarizer(options);
  for (const { report, source } of reports) {
    summarizer.add(report, source);
  }
  return summarizer.result();
}
