/**
 * The bench's own PostgreSQL database and Redis key prefix, uniquely named per run and removed afterwards, so a run
 * never touches anyone else's data (tests may be running on the same services).
 */
import { createDb, migrateToLatest, type DbHandle } from '@tix/db';
import { Redis } from 'ioredis';
import pg from 'pg';

export interface Backends {
  databaseName: string;
  databaseUrl: string;
  redisUrl: string;
  /** Every Redis key of this run starts with it (servers get it as REDIS_KEY_PREFIX). */
  redisPrefix: string;
  /** Kysely on the bench database, for seeding and audits. */
  db: DbHandle['db'];
  /** A plain pg pool on the bench database, for the raw-SQL baselines and lock strategies. */
  pool: pg.Pool;
  /** ioredis with the run's key prefix, as the servers use it. */
  redis: Redis;
  close(): Promise<void>;
}

export interface BackendOptions {
  pgAdminUrl: string;
  redisUrl: string;
  /** Connections the bench process itself may hold (the servers hold their own). */
  poolSize: number;
  keep: boolean;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createBackends(options: BackendOptions): Promise<Backends> {
  const id = `${Date.now().toString(36)}_${process.pid}`;
  const databaseName = `tix_bench_${id}`;
  const redisPrefix = `tixbench:${id}:`;
  await admin(options.pgAdminUrl, `CREATE DATABASE ${databaseName}`);
  const databaseUrl = withDatabase(options.pgAdminUrl, databaseName);
  const handle = await createDb({ databaseUrl, poolSize: 4 });
  await migrateToLatest(handle.db);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize });
  pool.on('error', () => {});
  const redis = new Redis(options.redisUrl, { keyPrefix: redisPrefix, enableAutoPipelining: true });
  await redis.ping();
  return {
    databaseName,
    databaseUrl,
    redisUrl: options.redisUrl,
    redisPrefix,
    db: handle.db,
    pool,
    redis,
    async close() {
      await pool.end().catch(() => {});
      await handle.close().catch(() => {});
      redis.disconnect();
      if (options.keep) return;
      await dropRedisPrefix(options.redisUrl, redisPrefix);
      await admin(options.pgAdminUrl, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    },
  };
}

async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const raw = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
      cursor = next;
      if (keys.length > 0) await raw.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    raw.disconnect();
  }
}
