/** A picture of the summary: the core's chart model drawn as SVG, its labels as text nodes. */
import type { ChartModel } from '@sts-inspector/shared';

export function Chart({ model, caption }: { model: ChartModel; caption: string }) {
  return (
    <figure class="chart">
      <svg
        class={`chart ${model.id}`}
        viewBox={`0 0 ${model.width} ${model.height}`}
        role="img"
        aria-label={model.label}
      >
        {model.grid.map((l, i) => (
          <line key={`g${i}`} class="grid" x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} />
        ))}
        {model.bars.map((b, i) => (
          <rect
            key={`b${i}`}
            class={b.kind === 'fail' ? 'bar fail' : 'bar'}
            x={b.x}
            y={b.y}
            width={b.width}
            height={b.height}
          >
            {b.title === undefined ? null : <title>{b.title}</title>}
          </rect>
        ))}
        {model.texts.map((t, i) => (
          <text key={`t${i}`} class={t.kind} x={t.x} y={t.y} text-anchor={t.anchor}>
            {t.text}
          </text>
        ))}
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
