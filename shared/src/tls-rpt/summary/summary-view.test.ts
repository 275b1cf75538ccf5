/** The shared view model of a summary: formats, tables and the geometry of the two pictures. */
import { describe, expect, it } from 'vitest';
import type { TlsReport } from '../model/report-model.js';
import { summarizeReports, type SummaryRow } from './summary.js';
import {
  breakdownCells,
  breakdownTables,
  failuresByTypeChart,
  formatCount,
  formatDay,
  formatRate,
  maxChartTypes,
  successRateChart,
} from './summary-view.js';

const row = (key: string | null, successful: number | null, failed: number): SummaryRow => ({
  key,
  reports: 1,
  successful,
  failed,
  successRate: successful === null || successful + failed === 0 ? null : successful / (successful + failed),
  details: [],
  moreDetails: 0,
});

describe('summary view model', () => {
  it('formats rates, counts and days as every shell shows them', () => {
    expect([formatRate(null), formatRate(0), formatRate(1), formatRate(0.98765)]).toEqual([
      '-',
      '0%',
      '100%',
      '98.77%',
    ]);
    expect([formatCount(null), formatCount(1234567)]).toEqual(['-', '1,234,567']);
    // Grouped as toLocaleString('en-US') groups them, negative and fractional values included.
    for (const n of [0, 7, 999, 1000, -1000, 123456, -9876543210, 2 ** 53 - 1, 1234.5, -0.25, 1e21]) {
      expect(formatCount(n), String(n)).toBe(n.toLocaleString('en-US'));
    }
    expect([formatDay(null), formatDay(Date.UTC(2024, 1, 29, 23, 59))]).toEqual(['?', '2024-02-29']);
  });

  it('lists the breakdowns in one order, with the summary rows themselves', () => {
    const report: TlsReport = {
      organizationName: 'Google Inc.',
      reportId: 'r1',
      dateRange: { startMs: Date.UTC(2024, 5, 1), endMs: Date.UTC(2024, 5, 1, 23) },
      policies: [
        {
          policyDomain: 'example.com',
          successCount: 90,
          failureCount: 10,
          failureDetails: [{ 'result-type': 'certificate-expired', 'failed-session-count': 10 }],
        },
      ],
    };
    const summary = summarizeReports([{ report }]);
    const tables = breakdownTables(summary);
    expect(tables.map((t) => t.id)).toEqual([
      'byPolicyDomain',
      'byOrganization',
      'byDay',
      'bySendingSource',
      'byResultType',
      'byReceivingMx',
      'byReceivingIp',
    ]);
    expect(tables.every((t) => t.rows === summary[t.id])).toBe(true);
    expect(tables.filter((t) => t.withOrganization).map((t) => t.id)).toEqual(['bySendingSource']);
    expect(breakdownCells(summary.byPolicyDomain[0]!)).toEqual(['1', '90', '10', '90.00%']);
    expect(breakdownCells(summary.byResultType[0]!)).toEqual(['1', '-', '10', '-']);
  });

  it('draws a bar per day with sessions, as tall as its rate, and names the first and last day', () => {
    const days = [row('2024-06-01', 100, 0), row('2024-06-02', null, 3), row('2024-06-03', 25, 75)];
    const chart = successRateChart(days);
    expect(chart.bars).toHaveLength(2);
    const [full, quarter] = chart.bars;
    expect(quarter!.height / full!.height).toBeCloseTo(0.25);
    // Bars stand on one baseline and keep the days' order.
    expect(full!.y + full!.height).toBeCloseTo(quarter!.y + quarter!.height);
    expect(quarter!.x).toBeGreaterThan(full!.x);
    expect(chart.bars.map((b) => b.title)).toEqual(['2024-06-01: 100%', '2024-06-03: 25.00%']);
    expect(chart.texts.filter((t) => t.kind === 'axis').map((t) => t.text)).toEqual([
      '0%',
      '50%',
      '100%',
      '2024-06-01',
      '2024-06-03',
    ]);
    expect(chart.bars.every((b) => b.x >= 0 && b.x + b.width <= chart.width && b.y >= 0)).toBe(true);
    expect(successRateChart([]).bars).toEqual([]);
    const none = successRateChart([row('2024-06-04', 0, 5)]).bars[0];
    expect(none).toMatchObject({ kind: 'fail', height: 2 });
  });

  it('draws a bar per result type, longest for the most failures, at most maxChartTypes', () => {
    const types = Array.from({ length: maxChartTypes + 3 }, (_, i) => row(`type-${i}`, null, 100 - i * 5));
    types.push(row(null, null, 1));
    const chart = failuresByTypeChart(types);
    expect(chart.bars).toHaveLength(maxChartTypes);
    const widths = chart.bars.map((b) => b.width);
    expect(Math.max(...widths)).toBe(widths[0]);
    expect(widths[1]! / widths[0]!).toBeCloseTo(95 / 100);
    expect(chart.texts.filter((t) => t.kind === 'value').map((t) => t.text)[0]).toBe('100');
    expect(chart.texts.filter((t) => t.kind === 'label').map((t) => t.text)).toEqual(
      types.slice(0, maxChartTypes).map((t) => t.key),
    );
    expect(chart.height).toBeGreaterThanOrEqual(maxChartTypes * 22);
    expect(failuresByTypeChart([row(null, null, 4)]).texts[0]?.text).toBe('(not given)');
  });
});
