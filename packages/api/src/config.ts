import { defaultLoadLimits, type LoadLimits } from './load/load-limits.js';
import { defaultRelaySettings, type RelaySettings } from './modules/events/event-relay.js';
import { PRESENCE_TIMEOUT_MS } from './modules/queue/queue.engine.js';
import { defaultRateLimits, type RateLimitTable } from './rate-limits.js';

/** Settings the API needs from its host. The server reads them from the environment and validates them at start. */
export interface AppConfig {
  /** HMAC key that signs session tokens; at least 32 characters. */
  sessionSecret: string;
  sessionTtlSeconds: number;
  /** How long `concert.list`, `concert.search` and `concert.dates` stay cached. */
  catalogCacheTtlSeconds: number;
  /**
   * With Redis, how long a server serves its own copy of a cached catalog answer before it asks Redis again
   * (infra/near-cache.ts): another server's change shows at once when its announcement arrives, and at most this
   * late when the announcement is lost.
   */
  catalogNearCacheMs: number;
  /** How often a live watcher's place is read exactly (queue.watch.ts); 0: on every change. */
  queueWatchExactMs: number;
  /** How long a quiet `concert.seatEvents` stream waits before it checks for lost announcements (seat-events.ts). */
  seatEventsCheckMs: number;
  /** Rate limits and the sign-in lockout (`rate-limits.ts`); tests set tight ones, test servers generous ones. */
  rateLimits: RateLimitTable;
  /** When a process refuses new calls with OVERLOADED (`load/load-shedder.ts`). */
  loadLimits: LoadLimits;
  /**
   * The waiting room's presence window (ms): a WAITING person not seen for this long is dropped, and a room blind
   * for 3/4 of it drops nobody until a full window after it sees again (docs/domain.md, "Recovery"). 60 s by
   * default; tests shorten it to show an outage longer than the window in seconds.
   */
  queuePresenceMs: number;
  /** How the sale-event relay retries and guards its webhook targets (modules/events/event-relay.ts). */
  relay: RelaySettings;
  /** Defaults for new concerts (docs/domain.md). */
  concertDefaults: {
    maxActive: number;
    admitPerSecond: number;
    activeTtlSeconds: number;
    holdSeconds: number;
    maxSeatsPerOrder: number;
    refundCutoffSeconds: number;
    seatsPerPerformance: number;
  };
}

export const defaultConcertSettings: AppConfig['concertDefaults'] = {
  maxActive: 100,
  admitPerSecond: 10,
  activeTtlSeconds: 600,
  holdSeconds: 300,
  maxSeatsPerOrder: 4,
  refundCutoffSeconds: 24 * 60 * 60,
  seatsPerPerformance: 50,
};

export function createConfig(overrides: Partial<AppConfig> & Pick<AppConfig, 'sessionSecret'>): AppConfig {
  return {
    sessionTtlSeconds: 7 * 24 * 60 * 60,
    catalogCacheTtlSeconds: 30,
    catalogNearCacheMs: 2_000,
    queueWatchExactMs: 30_000,
    seatEventsCheckMs: 15_000,
    concertDefaults: defaultConcertSettings,
    rateLimits: defaultRateLimits,
    loadLimits: defaultLoadLimits,
    relay: defaultRelaySettings,
    queuePresenceMs: PRESENCE_TIMEOUT_MS,
    ...overrides,
  };
}
