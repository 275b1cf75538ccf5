/**
 * A summary of many TLS-RPT reports (RFC 8460 §4): session totals and success rates per policy domain and per
 * reporting organisation, failed sessions per sending source, result type and receiving MX, with duplicate reports
 * (same organisation and `report-id`, RFC 8460 §5.3 "identify and ignore duplicate reports") counted once.
 * Pure; the output is plain JSON. Never throws.
 */
import type { TlsReport } from './report-model.js';

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
  /** Per `sending-mta-ip` and reporting organisation: failed sessions from the failure details. */
  bySendingSource: SummaryRow[];
  byResultType: SummaryRow[];
  byReceivingMx: SummaryRow[];
}

/** A report to summarise, with where it came from (a file name) for the duplicate list. */
export interface SummaryInput {
  report: TlsReport;
  source?: string;
}

interface Accumulator {
  key: string | null;
  organization?: string | null;
  reports: Set<number>;
  successful: number | null;
  failed: number;
}

function rate(successful: number, failed: number): number | null {
  return successful + failed === 0 ? null : successful / (successful + failed);
}

/** Ascending, with missing values (null) last. */
function compareKeys(a: string | null | undefined, b: string | null | undefined): number {
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

/** Grouping helper: rows keyed by a string, in first-seen order until sorted. */
class Groups {
  private readonly rows = new Map<string, Accumulator>();
  constructor(private readonly sessionsKnown: boolean) {}

  add(
    id: string,
    init: () => Omit<Accumulator, 'reports' | 'successful' | 'failed'>,
    report: number,
  ): Accumulator {
    let row = this.rows.get(id);
    if (!row) {
      row = { ...init(), reports: new Set(), successful: this.sessionsKnown ? 0 : null, failed: 0 };
      this.rows.set(id, row);
    }
    row.reports.add(report);
    return row;
  }

  /** Rows with the most failures first, then by key (null last), so the output is deterministic. */
  toRows(): SummaryRow[] {
    return [...this.rows.values()]
      .map((a): SummaryRow => ({
        key: a.key,
        ...(a.organization === undefined ? {} : { organization: a.organization }),
        reports: a.reports.size,
        successful: a.successful,
        failed: a.failed,
        successRate: a.successful === null ? null : rate(a.successful, a.failed),
      }))
      .sort(
        (x, y) =>
          y.failed - x.failed || compareKeys(x.key, y.key) || compareKeys(x.organization, y.organization),
      );
  }
}

const present = (value: string | undefined): string | null =>
  value === undefined || value === '' ? null : value;
/** Domain names compare case-insensitively and without a final dot. */
const domainKey = (value: string | undefined): string | null =>
  present(value?.toLowerCase().replace(/\.$/, ''));

/**
 * Summarise reports. Counts that are missing or unreadable count as 0 (and are counted in
 * `policiesWithoutCounts`). Duplicates (same organisation and non-empty `report-id`) are counted once, the first
 * copy wins.
 * @see RFC 8460 §4.2, §4.3
 */
export function summarizeReports(reports: readonly SummaryInput[]): ReportSummary {
  const seen = new Map<string, DuplicateReport>();
  const distinct: TlsReport[] = [];
  for (const { report, source } of reports) {
    const id = present(report.reportId);
    const organization = present(report.organizationName);
    const identity = id === null ? undefined : JSON.stringify([organization, id]);
    const earlier = identity === undefined ? undefined : seen.get(identity);
    if (earlier) {
      earlier.copies++;
      if (source !== undefined) {
        earlier.sources.push(source);
      }
      continue;
    }
    if (identity !== undefined && id !== null) {
      seen.set(identity, {
        reportId: id,
        organization,
        copies: 1,
        sources: source === undefined ? [] : [source],
      });
    }
    distinct.push(report);
  }

  const totals: SummaryTotals = {
    successful: 0,
    failed: 0,
    successRate: null,
    policies: 0,
    policiesWithoutCounts: 0,
  };
  const byDomain = new Groups(true);
  const byOrganization = new Groups(true);
  const bySource = new Groups(false);
  const byType = new Groups(false);
  const byMx = new Groups(false);
  let startMs: number | undefined;
  let endMs: number | undefined;

  distinct.forEach((report, r) => {
    const organization = present(report.organizationName);
    const { startMs: start, endMs: end } = report.dateRange ?? {};
    if (start !== undefined) {
      startMs = startMs === undefined ? start : Math.min(startMs, start);
    }
    if (end !== undefined) {
      endMs = endMs === undefined ? end : Math.max(endMs, end);
    }
    const orgRow = byOrganization.add(JSON.stringify(organization), () => ({ key: organization }), r);
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
      const domainRow = byDomain.add(JSON.stringify(domain), () => ({ key: domain }), r);
      for (const row of [domainRow, orgRow]) {
        row.successful = (row.successful ?? 0) + successful;
        row.failed += failed;
      }
      for (const detail of policy.failureDetails) {
        const count = detail.failedSessionCount ?? 0;
        const ip = present(detail.sendingMtaIp);
        const type = present(detail.resultType);
        const mx = domainKey(detail.receivingMxHostname);
        bySource.add(JSON.stringify([ip, organization]), () => ({ key: ip, organization }), r).failed +=
          count;
        byType.add(JSON.stringify(type), () => ({ key: type }), r).failed += count;
        byMx.add(JSON.stringify(mx), () => ({ key: mx }), r).failed += count;
      }
    }
  });
  totals.successRate = rate(totals.successful, totals.failed);

  const duplicateReports = [...seen.values()].filter((d) => d.copies > 1);
  return {
    reports: distinct.length,
    duplicates: duplicateReports.reduce((n, d) => n + d.copies - 1, 0),
    duplicateReports,
    dateRange: startMs === undefined || endMs === undefined ? null : { startMs, endMs },
    totals,
    byPolicyDomain: byDomain.toRows(),
    byOrganization: byOrganization.toRows(),
    bySendingSource: bySource.toRows(),
    byResultType: byType.toRows(),
    byReceivingMx: byMx.toRows(),
  };
}
