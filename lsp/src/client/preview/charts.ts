/**
 * The two pictures of the preview, drawn as SVG from the summary the server sent: success rate per day (bars from
 * 0 to 100%) and failed sessions per result type (horizontal bars). Labels are SVG text nodes.
 */
import type { SummaryRow } from '@sts-inspector/shared';
import { svg } from './dom.js';
import { num, pct } from './format.js';

const notGiven = '(not given)';

/** One bar per day with a success rate; days without sessions leave a gap. */
export function successRateChart(days: SummaryRow[]): SVGSVGElement {
  const width = 560;
  const height = 180;
  const left = 40;
  const bottom = 24;
  const plotH = height - bottom - 8;
  const step = days.length === 0 ? 0 : (width - left - 8) / days.length;
  const chart = svg('svg', {
    class: 'chart rate',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': 'Success rate per day',
  });
  for (const tick of [0, 0.5, 1]) {
    const y = 8 + plotH * (1 - tick);
    chart.append(
      svg('line', { class: 'grid', x1: left, x2: width - 8, y1: y, y2: y }),
      svg('text', { class: 'axis', x: left - 4, y: y + 4, 'text-anchor': 'end' }, pct(tick)),
    );
  }
  days.forEach((row, i) => {
    const x = left + i * step + step * 0.15;
    if (row.successRate !== null) {
      const h = plotH * row.successRate;
      chart.append(
        svg(
          'rect',
          { class: 'bar', x, y: 8 + plotH - h, width: Math.max(1, step * 0.7), height: h },
          svg('title', {}, `${row.key ?? notGiven}: ${pct(row.successRate)}`),
        ),
      );
    }
  });
  const first = days[0];
  const last = days[days.length - 1];
  if (first !== undefined && last !== undefined) {
    chart.append(svg('text', { class: 'axis', x: left, y: height - 6 }, first.key ?? notGiven));
    if (last !== first) {
      chart.append(
        svg(
          'text',
          { class: 'axis', x: width - 8, y: height - 6, 'text-anchor': 'end' },
          last.key ?? notGiven,
        ),
      );
    }
  }
  return chart;
}

/** One horizontal bar per result type, longest = most failed sessions. */
export function failuresByTypeChart(types: SummaryRow[]): SVGSVGElement {
  const width = 560;
  const rowH = 22;
  const labelW = 220;
  const shown = types.slice(0, 12);
  const height = Math.max(rowH, shown.length * rowH) + 4;
  const max = Math.max(1, ...shown.map((r) => r.failed));
  const chart = svg('svg', {
    class: 'chart types',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': 'Failed sessions by result type',
  });
  shown.forEach((row, i) => {
    const y = 2 + i * rowH;
    const w = ((width - labelW - 70) * row.failed) / max;
    chart.append(
      svg(
        'text',
        { class: 'label', x: labelW - 6, y: y + rowH * 0.68, 'text-anchor': 'end' },
        row.key ?? notGiven,
      ),
      svg('rect', { class: 'bar fail', x: labelW, y: y + 3, width: Math.max(1, w), height: rowH - 6 }),
      svg('text', { class: 'value', x: labelW + w + 6, y: y + rowH * 0.68 }, num(row.failed)),
    );
  });
  return chart;
}
