/**
 * One small line chart in plain SVG (no chart library): a series over time, its latest value in the caption, and a
 * sentence summing it up that screen readers get as the chart's description (the table beside the charts has every
 * number).
 */
const W = 300;
const H = 90;
const PAD = 4;

export interface Point {
  at: Date;
  value: number;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function LineChart({
  id,
  title,
  points,
  format,
}: {
  id: string;
  title: string;
  points: Point[];
  format: (value: number) => string;
}) {
  const last = points.at(-1);
  const values = points.map((p) => p.value);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const t0 = points[0]?.at.getTime() ?? 0;
  const span = Math.max(1, (last?.at.getTime() ?? 0) - t0);
  const x = (p: Point) => PAD + ((p.at.getTime() - t0) / span) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - ((v - min) / Math.max(1, max - min)) * (H - 2 * PAD);
  const path = points.map((p) => `${x(p).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const peak = points.reduce<Point | undefined>(
    (best, p) => (!best || p.value > best.value ? p : best),
    undefined,
  );
  const summary = last
    ? `${title}: now ${format(last.value)}; highest ${format(peak!.value)} at ${clock.format(peak!.at)}; ` +
      `${points.length} samples since ${clock.format(points[0]!.at)}.`
    : `${title}: no samples yet.`;

  return (
    <figure className="chart" data-testid={`chart-${id}`}>
      <figcaption>
        <span>{title}</span> <strong>{last ? format(last.value) : '–'}</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-describedby={`chart-${id}-summary`}
        preserveAspectRatio="none"
      >
        <title>{`${title} over time`}</title>
        <line x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} className="chart-axis" />
        {points.length > 1 && <polyline points={path} className="chart-line" fill="none" />}
        {last && <circle cx={x(last)} cy={y(last.value)} r={3} className="chart-dot" />}
      </svg>
      <p id={`chart-${id}-summary`} className="chart-summary">
        {summary}
      </p>
    </figure>
  );
}
