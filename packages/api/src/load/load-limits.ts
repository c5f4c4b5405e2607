/** The limits of load shedding (see load-shedder.ts), set once per process from the configuration. */
export interface LoadLimits {
  /** Calls in flight (subscriptions excluded) at which even `checkout` calls are refused. */
  maxInFlight: number;
  /** Event-loop delay in ms at which even `checkout` calls are refused. */
  maxEventLoopDelayMs: number;
  /** Database wait in ms (a call asking for a pool connection now would wait this long) refusing even `checkout`. */
  maxDatabaseWaitMs: number;
  /** The `Retry-After` a shed call is answered with. */
  retryAfterSeconds: number;
}

export const defaultLoadLimits: LoadLimits = {
  maxInFlight: 1000,
  maxEventLoopDelayMs: 500,
  // A checkout call waits for a connection once or twice (its reads, then its transaction) behind a queue this old
  // at most, then does its work: well inside the 2 s no call should wait (issue 12, bench `overload`).
  maxDatabaseWaitMs: 500,
  retryAfterSeconds: 1,
};
