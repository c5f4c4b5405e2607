import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { createPglitePool, openPglite } from './pglite-pool.js';

// int8 (money, ledger ids) arrives as bigint, never as a float or a string. Set once for every pg pool.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => BigInt(value));

export type Database = Kysely<DB>;

export interface DbHandle {
  db: Kysely<DB>;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** A PostgreSQL connection string. Without it, an embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; omitted means in memory. */
  pgliteDataDir?: string | undefined;
  poolSize?: number;
}

export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    // An idle client's connection dropping must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const engine = await openPglite(options.pgliteDataDir);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPglitePool(engine) as never }) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
