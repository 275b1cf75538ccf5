/**
 * What every shell shows of a report summary, worked out once: the number formats, the breakdown tables (title,
 * key column, rows) and the geometry of the two pictures (success rate per day, failed sessions by result type).
 * The CLI prints the tables, the editor preview and the browser's report viewer draw them and the pictures; each
 * renders this model with its own means (terminal text, DOM, preact), so none can disagree with another about a
 * number or a bar. Pure: no DOM. Strings in the model are report text: shells render them as text, never markup.
 */
import type { FailureGroup, ReportSummary, SummaryRow } from './summary.js';

/** A share as a percentage: `-` when there were no sessions, whole numbers for 0 % and 100 %, else 2 decimals. */
export const formatRate = (rate: number | null): string =>
  rate === null ? '-' : `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 2)}%`;
let counts: Intl.NumberFormat | undefined;
/**
 * A count with thousands separators (`1,234,567`); `-` when unknown. Whole numbers are grouped directly: tables of
 * thousands of cells felt `toLocaleString`, which builds a formatter per call.
 */
export const formatCount = (n: number | null): string => {
  if (n === null) {
    return '-';
  }
  if (Number.isSafeInteger(n)) {
    return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
  }
  return (counts ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 })).format(n);
};
/** The UTC day of an epoch time, `YYYY-MM-DD`; `?` when unknown. */
export const formatDay = (ms: number | null): string =>
  ms === null ? '?' : new Date(ms).toISOString().slice(0, 10);
/** A row's key when the reports did not give it. */
export const notGiven = '(not given)';

/** The breakdowns of a summary, by their field in `ReportSummary`. */
export type BreakdownId =
  | 'byPolicyDomain'
  | 'byOrganization'
  | 'byDay'
  | 'bySendingSource'
  | 'byResultType'
  | 'byReceivingMx'
  | 'byReceivingIp';

/** One breakdown table: its title, the header of its key column, and its rows (as the summary orders them). */
export interface BreakdownTable {
  id: BreakdownId;
  title: string;
  keyHeader: string;
  /** Whether a column names the reporting organisation (sending sources are per IP and organisation). */
  withOrganization: boolean;
  rows: SummaryRow[];
}

/** The columns after the key (and organisation) in every breakdown table. */
export const breakdownColumns = ['reports', 'successful', 'failed', 'success'] as const;

const breakdowns: readonly Omit<BreakdownTable, 'rows'>[] = [
  { id: 'byPolicyDomain', title: 'Per policy domain', keyHeader: 'policy domain', withOrganization: false },
  {
    id: 'byOrganization',
    title: 'Per reporting organisation',
    keyHeader: 'organisation',
    withOrganization: false,
  },
  { id: 'byDay', title: 'Per day', keyHeader: 'day (UTC)', withOrganization: false },
  { id: 'bySendingSource', title: 'Per sending source', keyHeader: 'sending-mta-ip', withOrganization: true },
  { id: 'byResultType', title: 'Per result type', keyHeader: 'result-type', withOrganization: false },
  {
    id: 'byReceivingMx',
    title: 'Per receiving MX',
    keyHeader: 'receiving-mx-hostname',
    withOrganization: false,
  },
  { id: 'byReceivingIp', title: 'Per receiving IP', keyHeader: 'receiving-ip', withOrganization: false },
];

/** The breakdown tables of a summary, in the order shells show them. */
export function breakdownTables(summary: ReportSummary): BreakdownTable[] {
  return breakdowns.map((b) => ({ ...b, rows: summary[b.id] }));
}

/** The cells of a breakdown row after its key (and organisation): reports, successful, failed, success rate. */
export function breakdownCells(row: SummaryRow): string[] {
  return [
    formatCount(row.reports),
    formatCount(row.successful),
    formatCount(row.failed),
    formatRate(row.successRate),
  ];
}

/** The columns of a failure-details table, one row per failure group. */
export const failureGroupColumns = [
  'result type',
  'policy domain',
  'from',
  'to MX',
  'to IP',
  'reason',
  'failed',
  'reports',
  'seen',
] as const;

/** The cells of a failure group, under `failureGroupColumns`. */
export function failureGroupCells(g: FailureGroup): string[] {
  return [
    g.resultType ?? notGiven,
    g.policyDomain ?? '-',
    g.sendingMtaIp ?? '-',
    g.receivingMxHostname ?? '-',
    g.receivingIp ?? '-',
    g.failureReasonCode ?? '-',
    formatCount(g.failed),
    formatCount(g.reports),
    g.firstSeenMs === g.lastSeenMs
      ? formatDay(g.firstSeenMs)
      : `${formatDay(g.firstSeenMs)} – ${formatDay(g.lastSeenMs)}`,
  ];
}

/** A line of a picture (grid lines). */
export interface ChartLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A bar of a picture, with the text a pointer over it shows. */
export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  /** `fail` bars count failed sessions; `rate` bars show a success rate. */
  kind: 'rate' | 'fail';
  title?: string;
}

/** A text of a picture: an axis label, a bar's label or its value. */
export interface ChartText {
  x: number;
  y: number;
  text: string;
  kind: 'axis' | 'label' | 'value';
  anchor: 'start' | 'end';
}

/** A picture as plain geometry in a `width` × `height` view box. */
export interface ChartModel {
  /** Which picture (a class name for styling). */
  id: 'rate' | 'types';
  /** What the picture shows, in words (its accessible name). */
  label: string;
  width: number;
  height: number;
  grid: ChartLine[];
  bars: ChartBar[];
  texts: ChartText[];
}

/** At most this many result types get a bar; the table lists them all. */
export const maxChartTypes = 12;

/** One bar per day from 0 to 100 % (a sliver for 0 %); days without sessions leave a gap. Days in the summary's order (oldest first). */
export function successRateChart(days: readonly SummaryRow[]): ChartModel {
  const width = 560;
  const height = 180;
  const left = 40;
  const bottom = 24;
  const plotH = height - bottom - 8;
  const step = days.length === 0 ? 0 : (width - left - 8) / days.length;
  const model: ChartModel = {
    id: 'rate',
    label: 'Success rate per day',
    width,
    height,
    grid: [],
    bars: [],
    texts: [],
  };
  for (const tick of [0, 0.5, 1]) {
    const y = 8 + plotH * (1 - tick);
    model.grid.push({ x1: left, x2: width - 8, y1: y, y2: y });
    model.texts.push({ x: left - 4, y: y + 4, text: `${tick * 100}%`, kind: 'axis', anchor: 'end' });
  }
  days.forEach((row, i) => {
    if (row.successRate !== null) {
      // A day whose every session failed still gets a sliver, drawn as a failure, so it does not look empty.
      const h = Math.max(2, plotH * row.successRate);
      model.bars.push({
        x: left + i * step + step * 0.15,
        y: 8 + plotH - h,
        width: Math.max(1, step * 0.7),
        height: h,
        kind: row.successRate === 0 ? 'fail' : 'rate',
        title: `${row.key ?? notGiven}: ${formatRate(row.successRate)}`,
      });
    }
  });
  const first = days[0];
  const last = days[days.length - 1];
  if (first !== undefined && last !== undefined) {
    model.texts.push({ x: left, y: height - 6, text: first.key ?? notGiven, kind: 'axis', anchor: 'start' });
    if (last !== first) {
      model.texts.push({
        x: width - 8,
        y: height - 6,
        text: last.key ?? notGiven,
        kind: 'axis',
        anchor: 'end',
      });
    }
  }
  return model;
}

/** One horizontal bar per result type (the first `maxChartTypes`, most failures first), longest = most failed. */
export function failuresByTypeChart(types: readonly SummaryRow[]): ChartModel {
  const width = 560;
  const rowH = 22;
  const labelW = 220;
  const shown = types.slice(0, maxChartTypes);
  const height = Math.max(rowH, shown.length * rowH) + 4;
  const max = Math.max(1, ...shown.map((r) => r.failed));
  const model: ChartModel = {
    id: 'types',
    label: 'Failed sessions by result type',
    width,
    height,
    grid: [],
    bars: [],
    texts: [],
  };
  shown.forEach((row, i) => {
    const y = 2 + i * rowH;
    const w = ((width - labelW - 70) * row.failed) / max;
    const key = row.key ?? notGiven;
    model.texts.push({ x: labelW - 6, y: y + rowH * 0.68, text: key, kind: 'label', anchor: 'end' });
    model.bars.push({
      x: labelW,
      y: y + 3,
      width: Math.max(1, w),
      height: rowH - 6,
      kind: 'fail',
      title: `${key}: ${formatCount(row.failed)} failed sessions`,
    });
    model.texts.push({
      x: labelW + w + 6,
      y: y + rowH * 0.68,
      text: formatCount(row.failed),
      kind: 'value',
      anchor: 'start',
    });
  });
  return model;
}
