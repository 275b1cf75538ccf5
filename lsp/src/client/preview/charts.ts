/**
 * The two pictures of the preview, drawn as SVG from the core's chart model of the summary the server sent: success
 * rate per day and failed sessions per result type. Labels and titles are SVG text nodes.
 */
import {
  failuresByTypeChart,
  successRateChart,
  type ChartModel,
  type SummaryRow,
} from '@sts-inspector/shared';
import { svg } from './dom.js';

function draw(model: ChartModel): SVGSVGElement {
  const chart = svg('svg', {
    class: `chart ${model.id}`,
    viewBox: `0 0 ${model.width} ${model.height}`,
    role: 'img',
    'aria-label': model.label,
  });
  for (const line of model.grid) {
    chart.append(svg('line', { class: 'grid', ...line }));
  }
  for (const { kind, title, ...box } of model.bars) {
    chart.append(
      svg(
        'rect',
        { class: kind === 'fail' ? 'bar fail' : 'bar', ...box },
        ...(title ? [svg('title', {}, title)] : []),
      ),
    );
  }
  for (const t of model.texts) {
    chart.append(svg('text', { class: t.kind, x: t.x, y: t.y, 'text-anchor': t.anchor }, t.text));
  }
  return chart;
}

/** One bar per day with a success rate; days without sessions leave a gap. */
export const successRateSvg = (days: SummaryRow[]): SVGSVGElement => draw(successRateChart(days));

/** One horizontal bar per result type, longest = most failed sessions. */
export const failuresByTypeSvg = (types: SummaryRow[]): SVGSVGElement => draw(failuresByTypeChart(types));
