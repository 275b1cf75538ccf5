/**
 * The preview's page from a server answer: totals, the two pictures, and a table per breakdown. Renders the
 * server's numbers and strings as text; decides nothing.
 */
import {
  breakdownCells,
  breakdownColumns,
  breakdownTables,
  failureGroupCells,
  failureGroupColumns,
  notGiven,
  type BreakdownTable,
  type FailureGroup,
  type ReportSummary,
  type SummaryRow,
} from '@sts-inspector/shared';
import type { ReportPreviewResult } from '../protocol.js';
import { failuresByTypeSvg, successRateSvg } from './charts.js';
import { el } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { day, num, pct } from './format.js';

/** Rows shown per table; a line counts the rest. */
const MAX_ROWS = 50;

function table(caption: string, header: string[], rows: string[][], more: number): HTMLElement {
  const t = el(
    'table',
    undefined,
    el('caption', undefined, caption),
    el('thead', undefined, el('tr', undefined, ...header.map((h) => el('th', undefined, h)))),
    el('tbody', undefined, ...rows.map((r) => el('tr', undefined, ...r.map((c) => el('td', undefined, c))))),
  );
  return more > 0
    ? el('section', 'table', t, el('p', 'more', `… ${num(more)} more rows`))
    : el('section', 'table', t);
}

function breakdown(b: BreakdownTable): HTMLElement | null {
  if (b.rows.length === 0) {
    return null;
  }
  const shown = b.rows.slice(0, MAX_ROWS);
  const header = [b.keyHeader, ...(b.withOrganization ? ['organisation'] : []), ...breakdownColumns];
  const cells = shown.map((r) => [
    r.key ?? notGiven,
    ...(b.withOrganization ? [r.organization ?? '-'] : []),
    ...breakdownCells(r),
  ]);
  return table(b.title, header, cells, b.rows.length - shown.length);
}

function failureDetails(rows: SummaryRow[]): HTMLElement | null {
  const groups: FailureGroup[] = rows.flatMap((r) => r.details);
  if (groups.length === 0) {
    return null;
  }
  const shown = groups.slice(0, MAX_ROWS);
  return table(
    'Failure details',
    [...failureGroupColumns],
    shown.map(failureGroupCells),
    groups.length - shown.length,
  );
}

function totals(s: ReportSummary): HTMLElement {
  const range =
    s.dateRange === null ? 'dates not given' : `${day(s.dateRange.startMs)} to ${day(s.dateRange.endMs)}`;
  const figure = (name: string, value: string, id: string): HTMLElement => {
    const v = el('span', 'value', value);
    v.dataset.total = id;
    return el('div', 'figure', v, el('span', 'name', name));
  };
  return el(
    'section',
    'totals',
    el('p', 'range', `${num(s.reports)} report${s.reports === 1 ? '' : 's'}, ${range}`),
    el(
      'div',
      'figures',
      figure('successful sessions', num(s.totals.successful), 'successful'),
      figure('failed sessions', num(s.totals.failed), 'failed'),
      figure('success rate', pct(s.totals.successRate), 'successRate'),
    ),
    ...(s.duplicates > 0 ? [el('p', 'note', `${num(s.duplicates)} duplicate copies counted once`)] : []),
  );
}

export function renderSummary(s: ReportSummary): HTMLElement[] {
  const parts: (HTMLElement | null)[] = [
    totals(s),
    el(
      'section',
      'pictures',
      el('figure', undefined, successRateSvg(s.byDay), el('figcaption', undefined, 'Success rate per day')),
      el(
        'figure',
        undefined,
        failuresByTypeSvg(s.byResultType),
        el('figcaption', undefined, 'Failed sessions by result type'),
      ),
    ),
    ...breakdownTables(s).map(breakdown),
    failureDetails(s.byResultType),
  ];
  return parts.filter((p): p is HTMLElement => p !== null);
}

/** The page for one answer: the drawn summary, or else the server's Markdown laid out as text. */
export function renderPreview(title: string, result: ReportPreviewResult): HTMLElement[] {
  const heading = el('h1', undefined, title);
  if (result.summary !== undefined && result.summary !== null) {
    return [heading, ...renderSummary(result.summary)];
  }
  if (result.markdown === '') {
    return [
      heading,
      el(
        'p',
        'note',
        result.error === undefined
          ? 'No summary: the server reads this file as no TLS report, or could not read it.'
          : `No summary: ${result.error}`,
      ),
    ];
  }
  return [renderMarkdown(result.markdown)];
}
