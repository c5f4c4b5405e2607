/**
 * How late this process's event loop runs, read in O(1) on every call. A timer ticks every `TICK_MS`; how late it
 * fires is how long work queued behind the loop waits. `perf_hooks.monitorEventLoopDelay` measures the same thing,
 * but as a histogram since its last reset: it answers "how was the last while", not "is the loop behind now".
 *
 * The reading is the smaller of the last two ticks' delays: a loop that cannot keep up is late on every tick, while
 * one stall (a cold start compiling code, a long GC, a descheduled process on a shared machine) is one late tick
 * and is already over, so refusing the calls after it would refuse a server that has recovered.
 *
 * One sampler per process (the loop is the process's): started on first use, unref'd so it never keeps a process
 * alive.
 */
import { performance } from 'node:perf_hooks';

const TICK_MS = 20;

interface Sampler {
  last: number;
  previous: number;
}

let sampler: Sampler | null = null;

function start(): Sampler {
  const s: Sampler = { last: 0, previous: 0 };
  let expectedAt = performance.now() + TICK_MS;
  const timer = setInterval(() => {
    const at = performance.now();
    s.previous = s.last;
    s.last = Math.max(0, at - expectedAt);
    expectedAt = at + TICK_MS;
  }, TICK_MS);
  timer.unref();
  return s;
}

/** The event loop's current delay in milliseconds (see above). */
export function eventLoopDelayMs(): number {
  sampler ??= start();
  return Math.min(sampler.last, sampler.previous);
}
