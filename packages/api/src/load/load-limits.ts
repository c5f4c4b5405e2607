/** The limits of load shedding (see load-shedder.ts), set once per process from the configuration. */
export interface LoadLimits {
  /** Calls in flight (subscriptions excluded) at which even `checkout` calls are refused. */
  maxInFlight: number;
  /** Event-loop delay in ms at which even `checkout` calls are refused. */
  maxEventLoopDelayMs: number;
  /** The `Retry-After` a shed call is answered with. */
  retryAfterSeconds: number;
}

export const defaultLoadLimits: LoadLimits = {
  maxInFlight: 1000,
  maxEventLoopDelayMs: 500,
  retryAfterSeconds: 1,
};
