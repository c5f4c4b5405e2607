/** Text charts that read in a terminal and in Markdown (inside code fences): no images, no network. */

const blocks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Horizontal bars scaled to the largest value. */
export function bars(rows: { label: string; value: number; suffix?: string }[], width = 40): string {
  const max = Math.max(...rows.map((r) => r.value), 0);
  const labelWidth = Math.max(...rows.map((r) => r.label.length), 0);
  return rows
    .map((r) => {
      const exact = max > 0 ? (r.value / max) * width : 0;
      const full = Math.floor(exact);
      const bar = '█'.repeat(full) + (exact - full >= 0.5 ? '▌' : '');
      return `${r.label.padEnd(labelWidth)} │${bar.padEnd(width + 1)} ${fmt(r.value)}${r.suffix ?? ''}`;
    })
    .join('\n');
}

/** Latency percentiles as one bar group per row (p50 ▓, p95 ▒, p99 ░ on a shared scale). */
export function latencyBars(
  rows: { label: string; p50: number; p95: number; p99: number }[],
  width = 40,
): string {
  const max = Math.max(...rows.map((r) => r.p99), 0);
  const labelWidth = Math.max(...rows.map((r) => r.label.length), 0);
  const scale = (v: number) => (max > 0 ? Math.max(v > 0 ? 1 : 0, Math.round((v / max) * width)) : 0);
  const lines = rows.map((r) => {
    const a = scale(r.p50);
    const b = Math.max(a, scale(r.p95));
    const c = Math.max(b, scale(r.p99));
    const bar = '▓'.repeat(a) + '▒'.repeat(b - a) + '░'.repeat(c - b);
    return `${r.label.padEnd(labelWidth)} │${bar.padEnd(width + 1)} ${fmt(r.p50)} / ${fmt(r.p95)} / ${fmt(r.p99)} ms`;
  });
  return [...lines, `${''.padEnd(labelWidth)}  ▓ p50  ▒ p95  ░ p99`].join('\n');
}

/** Throughput over time: one block per second, scaled to the run's peak. */
export function sparkline(perSecond: number[]): string {
  const max = Math.max(...perSecond, 0);
  if (max === 0) return '';
  return perSecond.map((v) => (v === 0 ? ' ' : blocks[Math.min(7, Math.floor((v / max) * 7.999))])).join('');
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return String(Math.round(n * 100) / 100);
}
