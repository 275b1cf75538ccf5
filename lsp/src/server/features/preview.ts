/**
 * The report preview as Markdown: the numbers of the core's summary (totals, success rate, per sending source,
 * result type, receiving MX and day, failure details) laid out as tables. Presentation only; every string from
 * the report is escaped so it renders as text.
 */
import type { FailureGroup, ReportSummary, SummaryRow } from '@sts-inspector/shared';

/** The count columns of every breakdown table. */
const countColumns = ['reports', 'successful', 'failed', 'success'];

/** Rows per table in the preview. */
const maxRows = 20;

/** Markdown-escape untrusted text: every punctuation character that Markdown or HTML gives meaning to. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&"']/g, (c) => `\\${c}`)
    .slice(0, 300);
}

const pct = (rate: number | null): string =>
  rate === null ? '-' : `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 2)}%`;
const num = (n: number | null): string => (n === null ? '-' : n.toLocaleString('en-US'));
const day = (ms: number | null): string => (ms === null ? '?' : new Date(ms).toISOString().slice(0, 10));
const key = (k: string | null | undefined): string =>
  k === null || k === undefined ? '(not given)' : escapeMarkdown(k);

function table(title: string, keyHeader: string, rows: SummaryRow[], withOrg = false): string[] {
  if (rows.length === 0) {
    return [];
  }
  const header = [keyHeader, ...(withOrg ? ['organisation'] : []), ...countColumns];
  const lines = [
    `### ${title}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 || (withOrg && i === 1) ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows
      .slice(0, maxRows)
      .map(
        (r) =>
          `| ${[key(r.key), ...(withOrg ? [key(r.organization)] : []), num(r.reports), num(r.successful), num(r.failed), pct(r.successRate)].join(' | ')} |`,
      ),
  ];
  if (rows.length > maxRows) {
    lines.push('', `… ${num(rows.length - maxRows)} more rows`);
  }
  return [...lines, ''];
}

function detailsTable(groups: FailureGroup[]): string[] {
  if (groups.length === 0) {
    return [];
  }
  return [
    '### Failure details',
    '',
    '| policy domain | result type | sending MTA | receiving MX | reason | sessions | reports | first seen | last seen |',
    '| --- | --- | --- | --- | --- | ---: | ---: | --- | --- |',
    ...groups
      .slice(0, maxRows)
      .map(
        (g) =>
          `| ${key(g.policyDomain)} | ${key(g.resultType)} | ${key(g.sendingMtaIp)} | ${key(g.receivingMxHostname)} | ${key(g.failureReasonCode)} | ${num(g.failed)} | ${num(g.reports)} | ${day(g.firstSeenMs)} | ${day(g.lastSeenMs)} |`,
      ),
    '',
  ];
}

/** The summary as Markdown. */
export function summaryMarkdown(summary: ReportSummary): string {
  const t = summary.totals;
  const range = summary.dateRange
    ? `${day(summary.dateRange.startMs)} to ${day(summary.dateRange.endMs)}`
    : 'unknown dates';
  const details = summary.byPolicyDomain.flatMap((r) => r.details).sort((a, b) => b.failed - a.failed);
  return [
    `## TLS report: ${num(summary.reports)} report${summary.reports === 1 ? '' : 's'}, ${range}`,
    '',
    `**Sessions:** ${num(t.successful)} successful, ${num(t.failed)} failed; **success rate ${pct(t.successRate)}**`,
    '',
    ...table('Per policy domain', 'policy domain', summary.byPolicyDomain),
    ...table('Per reporting organisation', 'organisation', summary.byOrganization),
    ...table('Per sending source', 'sending-mta-ip', summary.bySendingSource, true),
    ...table('Per result type', 'result-type', summary.byResultType),
    ...table('Per receiving MX', 'receiving-mx-hostname', summary.byReceivingMx),
    ...table('Per day (UTC)', 'day', summary.byDay),
    ...detailsTable(details),
  ].join('\n');
}
