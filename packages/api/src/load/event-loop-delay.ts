/**
 * How late this process's event loop runs, read in O(1) on every call. A timer ticks every `TICK_MS`; how late it
 * fires is the delay a request arriving now would also wait. `perf_hooks.monitorEventLoopDelay` measures the same
 * thing, but as a histogram since its last reset, which answers "how was the last while" rather than "how is it
 * now", and resetting it per read would race between callers.
 *
 * One sampler per process (the loop is the process's): started on first use, unref'd so it never keeps a process
 * alive. The reading is the worst delay of the last one to two windows, and at least how overdue the next tick is
 * right now, so a loop that is stalled this moment reads as stalled before its tick gets to run.
 */
import { performance } from 'node:perf_hooks';

const TICK_MS = 20;
const WINDOW_MS = 500;

interface Sampler {
  expectedAt: number;
  windowStart: number;
  windowMax: number;
  previousMax: number;
}

let sampler: Sampler | null = null;

function start(): Sampler {
  const now = performance.now();
  const s: Sampler = { expectedAt: now + TICK_MS, windowStart: now, windowMax: 0, previousMax: 0 };
  const timer = setInterval(() => {
    const at = performance.now();
    record(s, at, Math.max(0, at - s.expectedAt));
    s.expectedAt = at + TICK_MS;
  }, TICK_MS);
  timer.unref();
  return s;
}

function record(s: Sampler, at: number, delayMs: number): void {
  if (at - s.windowStart >= WINDOW_MS) {
    // A window with no tick in it (the loop was stalled through it) leaves its predecessor's maximum in place.
    s.previousMax = s.windowMax;
    s.windowMax = 0;
    s.windowStart = at;
  }
  if (delayMs > s.windowMax) s.windowMax = delayMs;
}

/** The event loop's recent delay in milliseconds. */
export function eventLoopDelayMs(): number {
  sampler ??= start();
  const overdue = performance.now() - sampler.expectedAt;
  return Math.max(sampler.windowMax, sampler.previousMax, overdue);
}
