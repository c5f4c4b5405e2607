export {
  createDb,
  type CreateDbOptions,
  type Database,
  type DbHandle,
  type DbTimeouts,
  type LivePoolGuard,
} from './create-db.js';
export type { LivenessSettings } from './liveness-probe.js';
export type { PoolGuard } from './pool-guard.js';
export { migrateTo, migrateToLatest } from './migrate.js';
export type * from './schema.js';
