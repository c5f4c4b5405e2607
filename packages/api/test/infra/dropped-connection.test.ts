/**
 * A PostgreSQL connection that drops while a transaction holds it between two queries (issue 18; README, "Timeouts
 * and failures"): the pool does not listen to a checked-out client, so without a listener of our own its 'error'
 * event would be an uncaught exception that kills the server. Here the transaction's next query fails, tagged as a
 * database failure (503 SERVICE_UNAVAILABLE to a client), and the pool serves the next call on a fresh connection.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectionFailure } from '../../src/infra/dependency-failure.js';
import { createTestDatabase, type TestDatabase } from '../support/index.js';

describe('a connection dropped under a transaction', () => {
  let database: TestDatabase;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  beforeAll(async () => {
    database = await createTestDatabase(2);
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await database?.drop();
  });

  it('fails that transaction as a database failure, not the process, and the pool carries on', async () => {
    const { db } = database.handle;
    const failed = await db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        // Another connection ends this one while the transaction sits between its queries.
        await sql`SELECT pg_terminate_backend(${rows[0]!.pid})`.execute(db);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`SELECT 1`.execute(trx);
      })
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(failed).toBeInstanceOf(Error);
    // The guard (`@tix/db`'s pool-guard, on the server) tags such failures, so the client gets a 503.
    expect(isConnectionFailure(failed, 'database')).toBe(true);
    expect(uncaught).toEqual([]);
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
    expect(rows[0]!.one).toBe(1);
  });
});
