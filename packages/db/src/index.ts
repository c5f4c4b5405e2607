export { createDb, type CreateDbOptions, type Database, type DbHandle } from './create-db.js';
export { migrateTo, migrateToLatest } from './migrate.js';
export type * from './schema.js';
