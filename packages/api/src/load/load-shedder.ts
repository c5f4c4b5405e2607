/**
 * Load shedding: when this process cannot answer in time, a new /trpc call is refused at once with 503,
 * `Retry-After` and OVERLOADED, instead of waiting seconds in a queue it would time out of anyway. "Cannot answer in
 * time" is any measure of the load at its limit, one rule for all three (`shouldShed`):
 * - the event loop's delay: CPU-bound, everything waits for the loop;
 * - the database wait, how long a call asking for a pool connection now would wait (`@tix/db`'s pool-wait.ts: the
 *   queue ahead of it times the average hold over the pool, or the oldest waiter's age if longer): I/O-bound,
 *   PostgreSQL is slow (busy, rows locked) so every connection stays out longer and calls queue for the next. The
 *   process's CPU is idle meanwhile, so the loop's delay never sees it, and a few hundred calls in flight are far
 *   below any in-flight limit that a healthy burst must pass;
 * - the calls in flight: the last resort for a queue neither of those sees (Redis, a slow client).
 * Each class of call is refused from its own share of the limits (`shed-classes.ts`), so the buyer paying is refused
 * last.
 *
 * The refusal is decided from the path alone, before tRPC reads the body, so a shed call did nothing on the server
 * and any client may send it again (the SDK does, after `Retry-After` with jitter).
 */
import { Counter } from 'prom-client';
import { refusal, type EnvelopeRefusal } from '../http-envelope.js';
import { registry } from '../infra/metrics.js';
import { appRouter } from '../router.js';
import { eventLoopDelayMs } from './event-loop-delay.js';
import type { LoadLimits } from './load-limits.js';
import { shedClassOf, shedClasses, shedShare, type ShedClass } from './shed-classes.js';

export interface Load {
  inFlight: number;
  eventLoopDelayMs: number;
  databaseWaitMs: number;
}

/** Each measure of the load and its limit in `LoadLimits`. */
const limitOf = {
  inFlight: 'maxInFlight',
  eventLoopDelayMs: 'maxEventLoopDelayMs',
  databaseWaitMs: 'maxDatabaseWaitMs',
} as const satisfies Record<keyof Load, keyof LoadLimits>;
const measures = Object.keys(limitOf) as Array<keyof Load>;

/**
 * The decision, on its own: is a call of this class refused at this load? Yes once any measure reaches its class's
 * share of that measure's limit.
 */
export function shouldShed(load: Load, cls: ShedClass, limits: LoadLimits): boolean {
  const share = shedShare[cls];
  return measures.some((m) => load[m] >= limits[limitOf[m]] * share);
}

const shedCalls = new Counter({
  name: 'tix_shed_calls_total',
  help: 'Calls refused with OVERLOADED because the process was past its load limits, by shed class',
  labelNames: ['class'] as const,
  registers: [registry],
});
// Every class shows in /metrics from the start, at 0, so a dashboard's rate() has a series before the first shed.
for (const cls of shedClasses) shedCalls.labels({ class: cls }).inc(0);

/** Subscriptions stay open for minutes: they are shed as calls when they start, but never counted as in flight. */
const subscriptions = new Set(
  Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
    .filter(([, procedure]) => procedure._def.type === 'subscription')
    .map(([path]) => path),
);

export type Admission = { refused: EnvelopeRefusal } | { refused: null; release: () => void };

export interface LoadShedder {
  /** Admits or refuses a call by its procedure path (`a,b,c` for a batch); an admitted call must be released once. */
  admit(procedurePath: string): Admission;
  /** The load now, for tests and logs. */
  load(): Load;
}

const noop = () => {};

/** Where the shedder reads the measures it does not count itself. */
export interface LoadGauges {
  /** Default: this process's event-loop sampler (`event-loop-delay.ts`). */
  eventLoopDelayMs?: () => number;
  /** `@tix/db`'s `connectionWaitMs`. Default: none known, always 0. */
  databaseWaitMs?: () => number;
}

export function createLoadShedder(limits: LoadLimits, gauges: LoadGauges = {}): LoadShedder {
  const { eventLoopDelayMs: measureDelay = eventLoopDelayMs, databaseWaitMs = () => 0 } = gauges;
  let inFlight = 0;
  const load = (): Load => ({ inFlight, eventLoopDelayMs: measureDelay(), databaseWaitMs: databaseWaitMs() });
  return {
    load,
    admit(procedurePath) {
      const cls = shedClassOf(procedurePath);
      if (shouldShed(load(), cls, limits)) {
        shedCalls.inc({ class: cls });
        return { refused: overloaded(cls, limits.retryAfterSeconds) };
      }
      if (subscriptions.has(procedurePath)) return { refused: null, release: noop };
      inFlight++;
      let released = false;
      return {
        refused: null,
        release() {
          if (released) return;
          released = true;
          inFlight--;
        },
      };
    },
  };
}

function overloaded(cls: ShedClass, retryAfterSeconds: number): EnvelopeRefusal {
  return refusal(
    'OVERLOADED',
    `The server is very busy; try again in ${retryAfterSeconds} s`,
    { 'retry-after': String(retryAfterSeconds) },
    { retryAfterSeconds, shedClass: cls },
  );
}
