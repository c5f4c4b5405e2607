export {
  createDb,
  type CreateDbOptions,
  type Database,
  type DbHandle,
  type DbTimeouts,
} from './create-db.js';
export type { PoolGuard } from './pool-guard.js';
export { migrateTo, migrateToLatest } from './migrate.js';
export type * from './schema.js';
