/** A report summary as terminal tables. Renders the core's numbers; computes nothing but column widths. */
import {
  breakdownCells,
  formatCount as num,
  formatDay as day,
  formatRate as pct,
  type FailureGroup,
  type Finding,
  type ReportFileKind,
  type ReportSummary,
  type SummaryRow,
} from '@sts-inspector/shared';
import {
  countLine,
  formatFindingLine,
  maxShownLineChars,
  safeText,
  type SeverityCounts,
} from './findings-text.js';
import type { Style } from './style.js';

/** One input file as the report command read it. */
export interface ReportFileResult {
  file: string;
  /** Absent when the file could not be read (`error` says why). */
  kind?: ReportFileKind;
  error?: string;
  /** The findings to show: all of them, or (for text) the first `MAX_FINDINGS` in document order. */
  findings: Finding[];
  /** All the file's findings by severity, shown or not. */
  counts: SeverityCounts;
  parsed: boolean;
}

/** Rows printed per table; the JSON output has them all. */
const MAX_ROWS = 20;
/** Failure groups printed under each policy domain. */
const MAX_DETAILS = 5;
/** Findings printed per file; the JSON output has them all. */
export const MAX_FINDINGS = 50;

const plural = (n: number, word: string): string => `${num(n)} ${word}${n === 1 ? '' : 's'}`;

function table(title: string, header: string[], rows: string[][], more: number, style: Style): string[] {
  if (rows.length === 0) {
    return [];
  }
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), h.length));
  const line = (cells: string[]): string =>
    '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const tail =
    more > 0 ? [style.dim(`  … ${plural(more, 'more row')} (all of them with --format json)`)] : [];
  return ['', style.bold(title), style.dim(line(header)), ...rows.map(line), ...tail];
}

function cellsOf(r: SummaryRow, withOrg: boolean): string[] {
  return [
    safeText(r.key ?? '(not given)'),
    ...(withOrg ? [safeText(r.organization ?? '-')] : []),
    ...breakdownCells(r),
  ];
}

function breakdown(
  title: string,
  keyHeader: string,
  rows: SummaryRow[],
  style: Style,
  withOrg = false,
): string[] {
  const header = [
    keyHeader,
    ...(withOrg ? ['organisation'] : []),
    'reports',
    'successful',
    'failed',
    'success',
  ];
  const shown = rows.slice(0, MAX_ROWS);
  return table(
    title,
    header,
    shown.map((r) => cellsOf(r, withOrg)),
    rows.length - shown.length,
    style,
  );
}

/** `validation-failure  198.51.100.7 → mx1.example.net (203.0.113.25)  X509_…  12 sessions in 3 reports, …`. */
function groupLine(g: FailureGroup): string {
  const shown = (value: string | null, none: string): string => (value === null ? none : safeText(value));
  const to = [g.receivingMxHostname, g.receivingIp === null ? null : `(${g.receivingIp})`]
    .filter((x) => x !== null)
    .map((x) => safeText(x))
    .join(' ');
  const route = `${shown(g.sendingMtaIp, '?')} → ${to === '' ? '?' : to}`;
  const when =
    g.firstSeenMs === g.lastSeenMs ? day(g.firstSeenMs) : `${day(g.firstSeenMs)} – ${day(g.lastSeenMs)}`;
  const reason = g.failureReasonCode === null ? '' : `  ${safeText(g.failureReasonCode)}`;
  return `${shown(g.resultType, '(no result-type)')}  ${route}${reason}  ${plural(g.failed, 'session')} in ${plural(g.reports, 'report')}, ${when} (${shown(g.organization, 'unknown reporter')})`;
}

/** The largest failure groups behind each policy domain: which sources fail, why, since when. */
function failureDetails(rows: SummaryRow[], style: Style): string[] {
  const withDetails = rows.filter((r) => r.details.length > 0).slice(0, MAX_ROWS);
  if (withDetails.length === 0) {
    return [];
  }
  const out = ['', style.bold('Largest failures per policy domain')];
  for (const r of withDetails) {
    out.push(`  ${safeText(r.key ?? '(not given)')}`);
    const shown = r.details.slice(0, MAX_DETAILS);
    for (const g of shown) {
      out.push(`    ${groupLine(g)}`);
    }
    const more = r.details.length - shown.length + r.moreDetails;
    if (more > 0) {
      out.push(style.dim(`    … ${plural(more, 'more failure group')}`));
    }
  }
  return out;
}

export function formatSummary(s: ReportSummary, files: ReportFileResult[], style: Style): string {
  const out: string[] = [];
  const add = (lines: readonly string[]): void => {
    for (const line of lines) {
      out.push(line);
    }
  };
  const range = s.dateRange ? ` from ${day(s.dateRange.startMs)} to ${day(s.dateRange.endMs)}` : '';
  const emails = files.filter((f) => f.kind === 'report-email').length;
  const read =
    emails > 0
      ? ` (read from ${plural(files.filter((f) => f.error === undefined).length, 'file')}, ${num(emails)} of them emails)`
      : '';
  out.push(style.bold(`${plural(s.reports, 'report')}${range}${read}`));
  if (s.duplicates > 0) {
    out.push(
      `  ${plural(s.duplicates, 'duplicate report')} (same organisation and report-id) counted once: ${s.duplicateReports
        .slice(0, 5)
        .map((d) => safeText(d.reportId))
        .join(', ')}${s.duplicateReports.length > 5 ? ', …' : ''}`,
    );
  }
  const t = s.totals;
  out.push(
    `  sessions: ${num(t.successful)} successful, ${num(t.failed)} failed, success rate ${pct(t.successRate)}`,
  );
  add(breakdown('Per policy domain', 'policy domain', s.byPolicyDomain, style));
  add(breakdown('Per reporting organisation', 'organisation', s.byOrganization, style));
  // The days people look at are the latest: show the end of the series.
  const days = s.byDay.length > MAX_ROWS ? s.byDay.slice(-MAX_ROWS) : s.byDay;
  add(
    table(
      'Per day (UTC)',
      ['day', 'reports', 'successful', 'failed', 'success'],
      days.map((r) => cellsOf(r, false)),
      0,
      style,
    ),
  );
  if (s.byDay.length > days.length) {
    out.push(
      style.dim(`  (the last ${MAX_ROWS} of ${num(s.byDay.length)} days; all of them with --format json)`),
    );
  }
  add(breakdown('Per sending source', 'sending-mta-ip', s.bySendingSource, style, true));
  add(breakdown('Per result type', 'result-type', s.byResultType, style));
  add(breakdown('Per receiving MX', 'receiving-mx-hostname', s.byReceivingMx, style));
  add(breakdown('Per receiving IP', 'receiving-ip', s.byReceivingIp, style));
  add(failureDetails(s.byPolicyDomain, style));
  const unread = files.filter((f) => f.error !== undefined);
  if (unread.length > 0) {
    out.push('', style.bold('Not read'));
  }
  for (const f of unread) {
    out.push(
      `  ${safeText(f.file, maxShownLineChars)}  ${style.severity('error', 'error')}: ${safeText(f.error ?? '')}`,
    );
  }
  const total = (f: ReportFileResult): number => f.counts.error + f.counts.warning + f.counts.info;
  const withFindings = files.filter((f) => total(f) > 0);
  if (withFindings.length > 0) {
    out.push('', style.bold('Findings'));
  }
  for (const f of withFindings) {
    out.push(
      `  ${safeText(f.file, maxShownLineChars)}${f.parsed ? '' : ' (not read)'}  ${style.dim(countLine(f.counts))}`,
    );
    for (const finding of f.findings.slice(0, MAX_FINDINGS)) {
      out.push('  ' + formatFindingLine(finding, style, true));
    }
    if (total(f) > MAX_FINDINGS) {
      out.push(
        style.dim(`  … ${plural(total(f) - MAX_FINDINGS, 'more finding')} (all of them with --format json)`),
      );
    }
  }
  return out.join('\n') + '\n\n';
}
