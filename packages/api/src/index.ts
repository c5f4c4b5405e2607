export { appRouter, createCaller, type AppRouter } from './router.js';
export { createDeps, closeDeps, type Deps } from './deps.js';
export { createInnerContext, createHttpContextFactory, type Context } from './context.js';
export { createConfig, defaultConcertSettings, type AppConfig } from './config.js';
export { systemClock, ManualClock, type Clock } from './clock.js';
export { DomainError, domainCodes, type DomainCode } from './errors.js';
export { registry as metricsRegistry } from './infra/metrics.js';
export { retryAfterHeaders } from './infra/rate-limit.js';
export type { SecurityLog } from './infra/security-log.js';
export {
  defaultRateLimits,
  formatRateLimits,
  parseRateLimits,
  scaledRateLimits,
  type RateLimitName,
  type RateLimitTable,
} from './rate-limits.js';
export { jobs, type Job } from './jobs.js';
export {
  defaultRelaySettings,
  relayOnce,
  runRelay,
  type RelaySettings,
} from './modules/events/event-relay.js';
export { connectEventBroker, defaultBrokerNames, type EventBroker } from './modules/events/event-broker.js';
export { signWebhookBody, verifyWebhookSignature } from './modules/events/webhook-signature.js';
export { saleEventTypes, type SaleEventType, type SaleEventData } from './modules/events/sale-events.js';
export { ensureAdmin, createUser } from './modules/auth/auth.service.js';
export { signSessionToken } from './modules/auth/session.js';
// The waiting room's Redis layout and scripts, for tools that drive it directly (the bench's raw-Redis baseline).
export { PRESENCE_TIMEOUT_MS, type RoomReading } from './modules/queue/queue.engine.js';
export { newQueueToken } from './modules/queue/queue-token.js';
export { notePresent } from './modules/queue/queue-presence.js';
export { createRedisQueueEngine, queueKeys } from './modules/queue/redis-queue.engine.js';
export { waitEstimator } from './modules/queue/wait-estimate.js';
export { usesPrior } from './modules/queue/turn-lengths.js';
export { COLD_PATIENCE_MS } from './modules/queue/turn-lengths.js';
export { toRoomState } from './modules/queue/wait-estimator-cache.js';
export { countsScript, joinScript, queueKeyNames, readScript } from './modules/queue/redis-queue.scripts.js';
export { createConcert } from './modules/admin/create-concert.js';
export { fundWallets } from './modules/wallet/ledger.js';
export { catalogAnswers, layoutAnswer } from './modules/concert/catalog-edge.js';
export { CATALOG_CACHE, catalogCacheField } from './modules/concert/concert.service.js';
// The search query as the API builds it, for the bench's plans and index-off timings.
export { searchConcertPage, searchPageQuery } from './modules/concert/concert-search.queries.js';
export { lookUpCatalogWords, setSearchThreshold } from './modules/concert/search-vocabulary.queries.js';
export type { CreateConcertInput } from './modules/concert/concert.schema.js';
export type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
export { refuseEnvelope, MAX_BATCH_CALLS, type EnvelopeRefusal } from './http-envelope.js';
export {
  createLoadShedder,
  shouldShed,
  type Admission,
  type Load,
  type LoadGauges,
  type LoadShedder,
} from './load/load-shedder.js';
export { defaultLoadLimits, type LoadLimits } from './load/load-limits.js';
export {
  procedureShedClass,
  shedClassOf,
  shedClasses,
  shedShare,
  type ShedClass,
} from './load/shed-classes.js';
export type * from './modules/venue/venue.types.js';
export { listLayoutTemplates, templateLayout, layoutTemplateIds } from './modules/venue/venue-templates.js';
export {
  createDependencyBreakers,
  databaseGuard,
  type BreakerSettings,
  type CircuitBreaker,
  type DependencyBreakers,
} from './infra/circuit-breaker.js';
export { createRedisClient, type RedisSettings } from './infra/guarded-redis.js';
export { dependencyOf, type Dependency } from './infra/dependency-failure.js';
export { checkReadiness, type Readiness } from './infra/readiness.js';
export { openApiDocument } from './openapi/openapi-document.js';
