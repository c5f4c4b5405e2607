/**
 * A silent (black-holed) PostgreSQL at the product's default timeouts (issue 18; README, "Timeouts and failures";
 * docs/domain.md, "Dependencies failing"): the liveness probe (packages/db/src/liveness-probe.ts) finds it silent,
 * the calls already waiting on it are released and new ones refused, each with 503 SERVICE_UNAVAILABLE naming the
 * database, never a 500 and never after the 5-6 s statement and query timeouts; the pool recovers by itself and
 * same-key retries pay each reservation once. And the other side of the choice: a healthy database whose calls
 * queue for seconds on a row lock (busy, not silent) answers them all, with no 503. Latencies are printed as figures
 * (the 2 s target is judged in the faults bench), held here only to a generous 4 s.
 */
import {
  auditInvariants,
  cleanAudit,
  redisServerAvailable,
  timeBudgetMs,
  waitUntil,
  type Buyer,
} from '@tix/api/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFaultWorld,
  summarise,
  unexpected,
  untilOk,
  type FaultWorld,
  type Seen,
} from './support/fault-world.js';

const generousMs = 4000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The fault world's short database bounds put back to the product's defaults (an empty value means unset).
const defaultDatabaseBounds = {
  DATABASE_CONNECT_TIMEOUT_MS: '',
  DATABASE_STATEMENT_TIMEOUT_MS: '',
  DATABASE_QUERY_TIMEOUT_MS: '',
  BREAKER_OPEN_MS: '',
};

describe.skipIf(!redisServerAvailable)(
  'a silent PostgreSQL at the default timeouts',
  { timeout: timeBudgetMs({ fixedMs: 60_000 }) },
  () => {
    let world: FaultWorld;
    const reservationOf = new Map<string, string>();
    beforeAll(async () => {
      world = await startFaultWorld({ buyers: 14, env: defaultDatabaseBounds });
      for (const [i, b] of world.buyers.slice(0, 8).entries()) {
        await untilOk(
          () =>
            world.probe('hold', b, 'mutation', 'reservation.hold', {
              performanceId: world.performanceId,
              seatNos: [i + 1],
            }),
          ['HOLD_ALREADY_PENDING'],
        );
      }
      const rows = await world.server.deps.db.selectFrom('reservations').select(['id', 'user_id']).execute();
      for (const r of rows) reservationOf.set(r.user_id, r.id);
    });
    afterAll(async () => {
      await world?.close();
    });

    const pay = (b: Buyer, what: string) =>
      world.probe(what, b, 'mutation', 'payment.pay', {
        reservationId: reservationOf.get(b.id),
        idempotencyKey: `silent-${b.id}`,
      });
    const hold = (b: Buyer, seatNo: number, what: string) =>
      world.probe(what, b, 'mutation', 'reservation.hold', {
        performanceId: world.performanceId,
        seatNos: [seatNo],
      });

    it('calls in flight are released and new ones refused at once, with 503 naming the database; recovery', async () => {
      const payers = world.buyers.slice(0, 4);
      const inFlight = Promise.all([
        ...payers.map((b) => pay(b, 'payment.pay (in flight)')),
        hold(world.buyers[9]!, 20, 'reservation.hold (in flight)'),
      ]);
      await sleep(5);
      world.pgProxy.mode('blackhole');
      const struck = Date.now();
      const during: Seen[] = [];
      const readies: Seen[] = [];
      while (Date.now() - struck < 3000) {
        const [round, ready] = await Promise.all([
          Promise.all([
            world.probe('wallet.balance', world.buyers[10]!, 'query', 'wallet.balance', undefined),
            world.probe('concert.list', null, 'query', 'concert.list', {}),
            pay(world.buyers[4]!, 'payment.pay'),
            hold(world.buyers[11]!, 21, 'reservation.hold'),
            world.probe('queue.status', world.buyers[10]!, 'query', 'queue.status', undefined),
          ]),
          world.ready(),
        ]);
        during.push(...round);
        readies.push(ready);
        await sleep(100);
      }
      const released = await inFlight;
      world.pgProxy.mode('pass');
      const restored = Date.now();
      const seen = [...released, ...during];
      console.log(summarise('PostgreSQL black-holed 3 s, default timeouts', [...seen, ...readies]));
      expect(unexpected(seen)).toEqual([]);
      expect(Math.max(...seen.map((s) => s.ms))).toBeLessThan(generousMs);
      expect(Math.max(...readies.map((s) => s.ms))).toBeLessThan(generousMs);
      const refused = seen.filter((s) => s.domainCode === 'SERVICE_UNAVAILABLE');
      expect(refused.length).toBeGreaterThan(0);
      for (const s of refused)
        expect(s).toMatchObject({ status: 503, dependency: 'database', retryAfter: '1' });
      // The waiting room is Redis alone: it keeps answering.
      for (const s of during.filter((x) => x.what === 'queue.status')) expect(s.status).toBe(200);
      expect(readies.at(-1)!.status).toBe(503);

      await waitUntil('wallet.balance answers again', async () => {
        const s = await world.probe(
          'wallet.balance',
          world.buyers[10]!,
          'query',
          'wallet.balance',
          undefined,
        );
        return s.status === 200;
      });
      console.log(
        `[faults] silent PostgreSQL: recovered ${Date.now() - restored} ms after it answered again`,
      );
      expect((await world.ready()).status).toBe(200);
      await waitUntil('every payer has paid on a same-key retry', async () => {
        const retried = await Promise.all(payers.map((b) => pay(b, 'payment.pay (retry)')));
        return retried.every((r) => r.status === 200);
      });
      const payments = await world.server.deps.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where(
          'reservation_id',
          'in',
          payers.map((b) => reservationOf.get(b.id)!),
        )
        .executeTakeFirstOrThrow();
      expect(Number(payments.n)).toBe(payers.length);
      expect(await auditInvariants(world.server.deps.db)).toEqual(cleanAudit);
    });

    it('a busy database is not a silent one: calls queued 3 s on a row lock all succeed', async () => {
      const buyers = world.buyers.slice(12, 14);
      const release = world.database.handle.db.transaction().execute(async (trx) => {
        await sql`SELECT seat_no FROM seats WHERE performance_id = ${world.performanceId}
                  AND seat_no IN (30, 31) FOR UPDATE`.execute(trx);
        await sleep(3000);
      });
      await sleep(100);
      const queued = await Promise.all([
        ...buyers.map((b, i) => hold(b, 30 + i, 'reservation.hold (queued on a lock)')),
        // Plain statements slower than the probe's bound, through the server's own pool.
        ...[1, 2].map(async () => {
          const started = performance.now();
          await sql`SELECT pg_sleep(1.5)`.execute(world.server.deps.db);
          const ms = Math.round(performance.now() - started);
          return {
            what: 'pg_sleep(1.5)',
            status: 200,
            domainCode: null,
            dependency: null,
            retryAfter: null,
            ms,
          };
        }),
      ]);
      await release;
      console.log(summarise('healthy database, calls queued 3 s on a row lock', queued));
      for (const s of queued) expect(s.status).toBe(200);
      expect(world.server.deps.breakers.database.state()).toBe('closed');
    });
  },
);
