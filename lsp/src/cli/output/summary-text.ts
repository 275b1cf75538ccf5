/** A report summary as terminal tables. Renders the core's numbers; computes nothing but column widths. */
import type { Finding, ReportSummary, SummaryRow } from '@sts-inspector/shared';
import { countLine, formatFindingLine, safeText } from './findings-text.js';
import type { Style } from './style.js';

const pct = (rate: number | null): string =>
  rate === null ? '-' : `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 2)}%`;
const num = (n: number | null): string => (n === null ? '-' : n.toLocaleString('en-US'));

function table(title: string, header: string[], rows: string[][], style: Style): string[] {
  if (rows.length === 0) {
    return [];
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return ['', style.bold(title), style.dim(line(header)), ...rows.map(line)];
}

function rowsOf(rows: SummaryRow[], withOrg: boolean): string[][] {
  return rows.map((r) => {
    const key = safeText(r.key ?? '(not given)');
    const cells = [key];
    if (withOrg) {
      cells.push(safeText(r.organization ?? '-'));
    }
    cells.push(num(r.reports), num(r.successful), num(r.failed), pct(r.successRate));
    return cells;
  });
}

export function formatSummary(
  s: ReportSummary,
  files: { file: string; findings: Finding[]; parsed: boolean }[],
  style: Style,
): string {
  const out: string[] = [];
  const range = s.dateRange
    ? ` from ${new Date(s.dateRange.startMs).toISOString().slice(0, 10)} to ${new Date(s.dateRange.endMs).toISOString().slice(0, 10)}`
    : '';
  out.push(style.bold(`${s.reports} report${s.reports === 1 ? '' : 's'}${range}`));
  if (s.duplicates > 0) {
    out.push(
      `  ${s.duplicates} duplicate report${s.duplicates === 1 ? '' : 's'} (same organisation and report-id) counted once`,
    );
  }
  const t = s.totals;
  out.push(
    `  sessions: ${num(t.successful)} successful, ${num(t.failed)} failed, success rate ${pct(t.successRate)}`,
  );
  const head = ['reports', 'successful', 'failed', 'success'];
  out.push(...table('Per policy domain', ['policy domain', ...head], rowsOf(s.byPolicyDomain, false), style));
  out.push(
    ...table('Per reporting organisation', ['organisation', ...head], rowsOf(s.byOrganization, false), style),
  );
  out.push(
    ...table(
      'Per sending source',
      ['sending-mta-ip', 'organisation', ...head],
      rowsOf(s.bySendingSource, true),
      style,
    ),
  );
  out.push(...table('Per result type', ['result-type', ...head], rowsOf(s.byResultType, false), style));
  out.push(
    ...table('Per receiving MX', ['receiving-mx-hostname', ...head], rowsOf(s.byReceivingMx, false), style),
  );
  const withFindings = files.filter((f) => f.findings.length > 0);
  if (withFindings.length > 0) {
    out.push('', style.bold('Findings'));
  }
  for (const f of withFindings) {
    out.push(`  ${f.file}${f.parsed ? '' : ' (not read)'}  ${style.dim(countLine(f.findings))}`);
    for (const finding of f.findings) {
      out.push('  ' + formatFindingLine(finding, style, true));
    }
  }
  return out.join('\n') + '\n\n';
}
