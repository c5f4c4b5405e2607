/**
 * The wait for a database connection (`@tix/db`'s pool-wait.ts), which load shedding reads, on a real pool: 0 while
 * a connection is free; while the pool is full, the wait ahead of a new call (the queue times the average hold) or the
 * age of the oldest waiter, whichever is longer; 0 again once they are served. Waiting for
 * a busy pool's connection is not PostgreSQL failing: it outlasts DATABASE_CONNECT_TIMEOUT_MS and still succeeds
 * (issue 12: under load such waits were answered SERVICE_UNAVAILABLE and opened the breaker), while a new connection
 * that gets no answer is still failed after that timeout, as a database failure.
 */
import net from 'node:net';
import { createDb, type DbHandle } from '@tix/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectionFailure } from '../../src/infra/dependency-failure.js';
import { createTestDatabase, type TestDatabase } from '../support/index.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the wait for a database connection', () => {
  let database: TestDatabase;
  let handle: DbHandle;
  beforeAll(async () => {
    database = await createTestDatabase(1);
    handle = await createDb({ databaseUrl: database.url, poolSize: 2, timeouts: { connectMs: 200 } });
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('is the age of the oldest call waiting on a full pool, and 0 once it is served', async () => {
    const { db } = handle;
    await sql`SELECT 1`.execute(db);
    expect(handle.connectionWaitMs()).toBe(0);

    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const holders = [0, 1].map(() =>
      db.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        await held;
      }),
    );
    await pause(50);
    const queued = sql<{ one: number }>`SELECT 1 AS one`.execute(db);
    await pause(150);
    const later = sql<{ one: number }>`SELECT 1 AS one`.execute(db);
    await pause(200);
    // The first waiter's age, not the last one's; past the connect timeout, and still waiting, not failed.
    expect(handle.connectionWaitMs()).toBeGreaterThanOrEqual(340);

    release();
    await Promise.all(holders);
    expect((await queued).rows[0]!.one).toBe(1);
    expect((await later).rows[0]!.one).toBe(1);
    expect(handle.connectionWaitMs()).toBe(0);
  });

  it('is, as soon as calls queue, what they will wait: the queue times the average hold over the pool', async () => {
    const busy = await createDb({ databaseUrl: database.url, poolSize: 2, timeouts: { connectMs: 200 } });
    try {
      const { db } = busy;
      // Connections held 100 ms each, one after the other: the average hold is at least that.
      for (let i = 0; i < 3; i++) {
        await db.transaction().execute((trx) => sql`SELECT pg_sleep(0.1)`.execute(trx));
      }
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const holders = [0, 1].map(() => db.transaction().execute(() => held));
      await pause(50);
      const queued = Array.from({ length: 6 }, () => sql`SELECT 1`.execute(db));
      await pause(20);
      // 6 waiting, 100 ms each, 2 connections: 300 ms ahead, long before any of them has waited that long.
      expect(busy.connectionWaitMs()).toBeGreaterThanOrEqual(290);
      release();
      await Promise.all([...holders, ...queued]);
      expect(busy.connectionWaitMs()).toBe(0);
    } finally {
      await busy.close();
    }
  });

  it('still fails a new connection that gets no answer, after the connect timeout, as a database failure', async () => {
    // Accepts the TCP connection and never says a word: PostgreSQL's handshake never comes.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const mute = await createDb({
      databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
      timeouts: { connectMs: 200 },
    });
    try {
      const started = performance.now();
      const failed = await sql`SELECT 1`.execute(mute.db).then(
        () => null,
        (err: unknown) => err,
      );
      expect(isConnectionFailure(failed, 'database')).toBe(true);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await mute.close();
      silent.close();
    }
  });
});
