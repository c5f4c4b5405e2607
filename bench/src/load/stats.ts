/** Latency and throughput summaries of one measured run. */

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface Measurement {
  label: string;
  /** 'product' goes through the servers; 'baseline' is what it is compared with; 'variant' an alternative measured beside. */
  role: 'product' | 'baseline' | 'variant';
  requests: number;
  durationMs: number;
  /** Completed operations per second over the whole run. */
  rps: number;
  latencyMs: Latency;
  /** Outcome counts: 'OK' or a domain code, HTTP_5XX, NETWORK, or a strategy's own outcome names. */
  codes: Record<string, number>;
  /** Responses with an HTTP status of 500 or more. */
  serverErrors: number;
  /** Completions in each second of the run, for the throughput-over-time chart. */
  perSecond: number[];
  concurrency: number;
  /** CPU time (user + system) the servers under load spent during the measured run, all processes together. */
  serverCpuMs?: number;
  /** Completed operations per server CPU-second: what a request costs, apart from what else loads the machine. */
  perCpuSecond?: number;
  /** The label of the measurement this one is compared with (its baseline), if any. */
  baseline?: string;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const sum = samples.reduce((a, b) => a + b, 0);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : 0),
    mean: round(samples.length ? sum / samples.length : 0),
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** a / b as a ratio with two decimals; null when there is no baseline. */
export function ratio(a: number, b: number): number | null {
  return b > 0 ? round(a / b) : null;
}

/** Collects samples while a run goes on. */
export class Recorder {
  private readonly samples: number[] = [];
  private readonly codes: Record<string, number> = {};
  private readonly buckets: number[] = [];
  private serverErrors = 0;
  private readonly started = performance.now();

  record(code: string, ms: number, status = 200): void {
    this.samples.push(ms);
    this.codes[code] = (this.codes[code] ?? 0) + 1;
    if (status >= 500) this.serverErrors += 1;
    const second = Math.floor((performance.now() - this.started) / 1000);
    while (this.buckets.length <= second) this.buckets.push(0);
    this.buckets[second] = (this.buckets[second] ?? 0) + 1;
  }

  get count(): number {
    return this.samples.length;
  }

  finish(label: string, role: Measurement['role'], concurrency: number): Measurement {
    const durationMs = performance.now() - this.started;
    return {
      label,
      role,
      requests: this.samples.length,
      durationMs: round(durationMs, 0),
      rps: round((this.samples.length / durationMs) * 1000, 1),
      latencyMs: summarize(this.samples),
      codes: this.codes,
      serverErrors: this.serverErrors,
      perSecond: this.buckets,
      concurrency,
    };
  }
}
