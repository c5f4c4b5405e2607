/**
 * `@tix/api/testing`: what tests in any package need to run against real PostgreSQL and Redis (harness, factories,
 * the invariant audit, admission without waiting, time budgets). Test code only: nothing under `src` imports it.
 */
export {
  createTestApp,
  testRateLimits,
  testRateLimitsEnv,
  testServerEnv,
  testSessionSecret,
  type TestApp,
} from './harness.js';
export { createRecordingSecurityLog, type RecordedSecurityEvent } from '../../src/infra/security-log.js';
export { createTestDatabase, type TestDatabase } from './database.js';
export { createTestRedis, type TestRedis } from './redis.js';
export { makeUser, makeConcert, fundWallet, type TestUser } from './factories.js';
export { auditInvariants, cleanAudit, type AuditReport } from './audit.js';
export { testPgAdminUrl, testRedisUrl } from './env.js';
export { admitUser, syntheticBuyer, queueGuardProbeRouter, queueKeys } from './queue.js';
export { makeBuyers, type Buyer } from './buyers.js';
export { forceAdmit, createTestQueueEngine } from './force-admit.js';
export { timeBudgetMs, waitUntil } from './time-budget.js';
export { startWebhookReceiver, type WebhookReceiver, type ReceivedDelivery } from './webhook-receiver.js';
export { verifyWebhookSignature, signWebhookBody } from '../../src/modules/events/webhook-signature.js';
export { seatStatuses, seatsWith, type SeatStatusInTest } from './seat-statuses.js';
export {
  freePort,
  redisServerAvailable,
  startPrivateRedis,
  type PrivateRedis,
  type PrivateRedisOptions,
} from './private-redis.js';
export { startFaultProxy, type FaultMode, type FaultProxy } from './fault-proxy.js';
export { startSentinel, type PrivateSentinel } from './sentinel.js';
