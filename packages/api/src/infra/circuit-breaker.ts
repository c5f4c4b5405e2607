/**
 * One circuit breaker per dependency (PostgreSQL, Redis). A call that cannot be served should be told so at once,
 * not after seconds of timeouts: after `failuresToOpen` connection failures or timeouts in a row the breaker opens
 * and every call to that dependency is refused on the spot (SERVICE_UNAVAILABLE, 503). After `openMs` it lets one
 * probe through (half-open); the probe's success closes it, its failure opens it again. A connection the client
 * library reports ready again closes it at once (`reset`), so recovery does not wait for the next probe.
 */
import type { LivePoolGuard } from '@tix/db';
import {
  DependencyUnavailableError,
  isConnectionFailure,
  tagDependencyFailure,
  type Dependency,
} from './dependency-failure.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** Consecutive failures that open the breaker (default 3). */
  failuresToOpen: number;
  /** How long an open breaker refuses before it lets a probe through (default 1000 ms). */
  openMs: number;
}

export const defaultBreakerSettings: BreakerSettings = { failuresToOpen: 3, openMs: 1000 };

export interface CircuitBreaker {
  readonly dependency: Dependency;
  state(): BreakerState;
  /** Throws DependencyUnavailableError while the breaker is open (or a probe is already out). */
  admit(): void;
  succeeded(): void;
  /** Counts a connection failure or timeout (never a client's mistake, such as a unique violation). */
  failed(): void;
  /** Opens the breaker now: the client library saw the connection drop. */
  trip(): void;
  /** Closes it now: the client library saw the connection come back. */
  reset(): void;
}

export function createCircuitBreaker(
  dependency: Dependency,
  settings: Partial<BreakerSettings> = {},
  now: () => number = Date.now,
): CircuitBreaker {
  const { failuresToOpen, openMs } = { ...defaultBreakerSettings, ...settings };
  let failures = 0;
  let openedAt: number | null = null;
  let probing = false;
  const open = () => {
    openedAt = now();
    probing = false;
  };
  const state = (): BreakerState =>
    openedAt === null ? 'closed' : now() - openedAt >= openMs ? 'half-open' : 'open';
  return {
    dependency,
    state,
    admit() {
      const current = state();
      if (current === 'closed') return;
      if (current === 'half-open' && !probing) {
        probing = true;
        return;
      }
      throw new DependencyUnavailableError(dependency);
    },
    succeeded() {
      failures = 0;
      openedAt = null;
      probing = false;
    },
    failed() {
      failures += 1;
      if (openedAt !== null || failures >= failuresToOpen) open();
    },
    trip() {
      failures = failuresToOpen;
      open();
    },
    reset() {
      failures = 0;
      openedAt = null;
      probing = false;
    },
  };
}

export interface DependencyBreakers {
  database: CircuitBreaker;
  /** Null without Redis (the embedded default). */
  redis: CircuitBreaker | null;
}

export function createDependencyBreakers(
  options: { redis: boolean; settings?: Partial<BreakerSettings> | undefined } = { redis: true },
): DependencyBreakers {
  return {
    database: createCircuitBreaker('database', options.settings),
    redis: options.redis ? createCircuitBreaker('redis', options.settings) : null,
  };
}

/**
 * The database breaker as the guard `@tix/db` puts in front of its pool, and what it makes of the liveness probe
 * (`@tix/db`'s liveness-probe.ts): while the probe gets no answer at all PostgreSQL is silent, and every call is
 * refused at once, half-open or not (a half-open probe call would only wait on the silence too); the probe's next
 * answer closes the breaker, so recovery does not wait for a call to try.
 */
export function databaseGuard(breaker: CircuitBreaker): Required<LivePoolGuard> {
  let silent = false;
  return {
    admit() {
      if (silent) throw new DependencyUnavailableError('database');
      breaker.admit();
    },
    settled(err) {
      if (err instanceof DependencyUnavailableError) return; // refused or released: already counted
      if (err === null || !isConnectionFailure(err, 'database')) return breaker.succeeded();
      tagDependencyFailure(err, 'database');
      breaker.failed();
    },
    unavailable: () => new DependencyUnavailableError('database'),
    silent() {
      silent = true;
      breaker.trip();
    },
    answered() {
      if (!silent && breaker.state() === 'closed') return;
      silent = false;
      breaker.reset();
    },
  };
}
