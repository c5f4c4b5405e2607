/**
 * A pg-style pool over one embedded PGlite database, so Kysely's PostgresDialect drives it unchanged.
 * PGlite has a single connection: a FIFO lock hands it to one Kysely connection (and so one transaction) at a time,
 * which gives the same isolation a real pool gives, just without parallelism.
 */
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

interface PoolClient {
  query(
    sql: string,
    params: readonly unknown[],
  ): Promise<{ command: string; rowCount: number; rows: unknown[] }>;
  release(): void;
}

function commandOf(sql: string): string {
  const match = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql);
  return (match?.[1] ?? '').toUpperCase();
}

function toParam(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  return PGlite.create(dataDir, {
    parsers: { [types.INT8]: (value: string) => BigInt(value) },
    // Concert search's migration creates these extensions; PGlite must be handed their bundles to have them.
    extensions: { pg_trgm, unaccent },
  });
}

export function createPglitePool(pg: PGlite) {
  let tail: Promise<void> = Promise.resolve();

  async function acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = tail;
    tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }

  return {
    async connect(): Promise<PoolClient> {
      const release = await acquire();
      return {
        async query(sql, params) {
          if (params.length === 0 && sql.includes(';')) {
            const results = await pg.exec(sql);
            const last = results.at(-1);
            return { command: commandOf(sql), rowCount: last?.affectedRows ?? 0, rows: last?.rows ?? [] };
          }
          const result = await pg.query(sql, params.map(toParam));
          return {
            command: commandOf(sql),
            rowCount: result.affectedRows ?? result.rows.length,
            rows: result.rows,
          };
        },
        release,
      };
    },
    async end(): Promise<void> {
      await pg.close();
    },
  };
}
