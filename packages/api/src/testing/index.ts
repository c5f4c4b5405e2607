export {
  createTestApp,
  testRateLimits,
  testRateLimitsEnv,
  testSessionSecret,
  type TestApp,
} from './harness.js';
export { createRecordingSecurityLog, type RecordedSecurityEvent } from '../infra/security-log.js';
export { createTestDatabase, type TestDatabase } from './database.js';
export { createTestRedis, type TestRedis } from './redis.js';
export { makeUser, makeConcert, fundWallet, type TestUser } from './factories.js';
export { auditInvariants, cleanAudit, type AuditReport } from './audit.js';
export { testPgAdminUrl, testRedisUrl } from './env.js';
export { admitUser, syntheticBuyer, queueGuardProbeRouter, queueKeys } from './queue.js';
export { makeBuyers, type Buyer } from './buyers.js';
