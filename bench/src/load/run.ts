/**
 * A closed-loop load runner: `concurrency` workers each send one operation, wait for it, and send the next, until
 * the run has `requests` operations or has lasted `durationMs`, whichever comes first. Bounded in both, so a slow
 * machine gives a shorter run, never an endless one.
 */
import { processCpuMs } from '../env/process-cpu.js';
import { Recorder, round, type Measurement } from './stats.js';

export interface Outcome {
  code: string;
  ms: number;
  status?: number;
}

export interface LoadOptions {
  label: string;
  role?: Measurement['role'];
  baseline?: string;
  concurrency: number;
  /** Stop after this many operations in all. */
  requests?: number;
  /** Stop after this long. */
  durationMs?: number;
  /** Unrecorded operations first, so connection set-up and JIT warm-up stay out of the figures. */
  warmupMs?: number;
  /**
   * Process ids of the servers this load goes to (`TargetSet.pids`): their CPU time over the measured run gives the
   * row's requests per server CPU-second, the steadier figure on a shared machine. Absent for loads with no server
   * of ours (raw SQL through pg).
   */
  servers?: readonly number[];
  /** One operation. `worker` is 0..concurrency-1, `seq` counts operations across all workers. */
  op(worker: number, seq: number): Promise<Outcome>;
}

export async function runLoad(options: LoadOptions): Promise<Measurement> {
  const { concurrency } = options;
  if (options.warmupMs && options.warmupMs > 0) {
    const until = performance.now() + options.warmupMs;
    let seq = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        while (performance.now() < until) await options.op(w, seq++);
      }),
    );
  }
  const limit = options.requests ?? Number.POSITIVE_INFINITY;
  const deadline = performance.now() + (options.durationMs ?? 10 * 60_000);
  const recorder = new Recorder();
  const cpuBefore = options.servers ? processCpuMs(options.servers) : 0;
  let issued = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (issued < limit && performance.now() < deadline) {
        const seq = issued++;
        const outcome = await options.op(w, seq);
        recorder.record(outcome.code, outcome.ms, outcome.status ?? 200);
      }
    }),
  );
  const m = recorder.finish(options.label, options.role ?? 'product', concurrency);
  if (options.servers?.length) {
    m.serverCpuMs = round(processCpuMs(options.servers) - cpuBefore, 0);
    if (m.serverCpuMs > 0) m.perCpuSecond = round((m.requests / m.serverCpuMs) * 1000, 1);
  }
  if (options.baseline) m.baseline = options.baseline;
  return m;
}

/** Times an async function into an Outcome; a thrown error counts under its pg code or name. */
export async function timed(fn: () => Promise<string>): Promise<Outcome> {
  const started = performance.now();
  try {
    const code = await fn();
    return { code, ms: performance.now() - started };
  } catch (err) {
    const e = err as { code?: string; name?: string };
    return {
      code: e.code ? `PG_${e.code}` : (e.name ?? 'ERROR'),
      ms: performance.now() - started,
      status: 500,
    };
  }
}

/** Runs `fn` over `items` with at most `limit` in flight (set-up work: joins, seeding). */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
