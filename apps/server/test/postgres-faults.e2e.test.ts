/**
 * PostgreSQL failing under a sale, and the server stopping under one (issue 18; README, "Timeouts and failures",
 * "Stopping a server"): a restart (every connection cut) with payments in flight, a black-holed PostgreSQL, and a
 * SIGTERM-style stop with payments in flight and a live subscription (the same black hole at the default timeouts:
 * postgres-silent.e2e.test.ts). Every call answers with a result or 503 SERVICE_UNAVAILABLE naming the database,
 * never a 500; the pool recovers by itself; same-key retries pay each reservation exactly once; the audit is clean.
 * Latencies are printed as figures, held only to generous bounds.
 */
import { auditInvariants, cleanAudit, timeBudgetMs, waitUntil, type Buyer } from '@tix/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFaultWorld,
  summarise,
  unexpected,
  untilOk,
  type FaultWorld,
  type Seen,
} from './support/fault-world.js';
import { redisServerAvailable } from '@tix/api/testing';

const generousMs = 8000;

describe.skipIf(!redisServerAvailable)(
  'PostgreSQL failing, and a server stopping, during a sale',
  { timeout: timeBudgetMs({ fixedMs: 60_000 }) },
  () => {
    let world: FaultWorld;
    const reservationOf = new Map<string, string>();
    beforeAll(async () => {
      world = await startFaultWorld({ buyers: 14 });
      for (const [i, b] of world.buyers.entries()) {
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
        idempotencyKey: `pg-${b.id}`,
      });

    function expectOnlyClearAnswers(seen: Seen[]) {
      expect(unexpected(seen)).toEqual([]);
      expect(Math.max(...seen.map((s) => s.ms))).toBeLessThan(generousMs);
      for (const s of seen.filter((x) => x.domainCode === 'SERVICE_UNAVAILABLE')) {
        expect(s).toMatchObject({ status: 503, dependency: 'database', retryAfter: '1' });
      }
    }

    async function recovers(title: string) {
      const started = Date.now();
      await waitUntil(`${title}: wallet.balance answers again`, async () => {
        const s = await world.probe('wallet.balance', world.buyers[0]!, 'query', 'wallet.balance', undefined);
        return s.status === 200;
      });
      console.log(`[faults] ${title}: recovered ${Date.now() - started} ms after PostgreSQL returned`);
      expect((await world.ready()).status).toBe(200);
    }

    it('a PostgreSQL restart with payments in flight: clear answers, recovery, each paid exactly once', async () => {
      const payers = world.buyers.slice(0, 5);
      const inFlight = Promise.all(payers.map((b) => pay(b, 'payment.pay (in flight)')));
      await new Promise((resolve) => setTimeout(resolve, 5));
      world.pgProxy.mode('down');
      const during: Seen[] = [];
      for (let i = 0; i < 3; i++) {
        during.push(
          ...(await Promise.all([
            world.probe('wallet.balance', world.buyers[6]!, 'query', 'wallet.balance', undefined),
            world.probe('concert.list', null, 'query', 'concert.list', {}),
            world.probe('queue.status', world.buyers[6]!, 'query', 'queue.status', undefined),
          ])),
        );
      }
      const ready = await world.ready();
      expect(ready.body).toMatchObject({ ok: false, database: 'down', redis: 'up' });
      const paid = await inFlight;
      world.pgProxy.mode('pass');
      console.log(summarise('PostgreSQL down, 5 payments in flight', [...paid, ...during, ready]));
      expectOnlyClearAnswers([...paid, ...during]);
      // The waiting room is Redis alone: it keeps answering.
      for (const s of during.filter((x) => x.what === 'queue.status')) expect(s.status).toBe(200);
      await recovers('PostgreSQL restart');
      await waitUntil('every in-flight payer has paid on retry', async () => {
        const retried = await Promise.all(payers.map((b) => pay(b, 'payment.pay (retry)')));
        return retried.every((r) => r.status === 200);
      });
      expect(await auditInvariants(world.server.deps.db)).toEqual(cleanAudit);
    });

    it('a black-holed PostgreSQL (short timeouts): answers within about one timeout or probe bound, then at once; recovery', async () => {
      world.pgProxy.mode('blackhole');
      const seen: Seen[] = [];
      for (let i = 0; i < 4; i++) {
        seen.push(
          ...(await Promise.all([
            world.probe('wallet.balance', world.buyers[7]!, 'query', 'wallet.balance', undefined),
            pay(world.buyers[8]!, 'payment.pay'),
            world.probe('queue.status', world.buyers[7]!, 'query', 'queue.status', undefined),
          ])),
        );
      }
      const ready = await world.ready();
      world.pgProxy.mode('pass');
      console.log(summarise('PostgreSQL black-holed', [...seen, ready]));
      expect(ready.status).toBe(503);
      expectOnlyClearAnswers(seen);
      await recovers('PostgreSQL black-holed');
      expect(await auditInvariants(world.server.deps.db)).toEqual(cleanAudit);
    });

    it('a stop drains: payments in flight are answered, a live stream ends with a reconnect hint', async () => {
      const watcher = world.buyers[13]!;
      const input = encodeURIComponent(JSON.stringify({ json: undefined }));
      const stream = await fetch(`${world.server.url}/trpc/queue.watch?input=${input}`, {
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${watcher.sessionToken}`,
          'x-queue-token': watcher.queueToken,
        },
      });
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const text = stream.text();
      const payers = world.buyers.slice(9, 13);
      // Redis stalls for 0.6 s (under the 1 s command timeout), so the payments are surely in flight, waiting on their
      // token check, when the stop begins.
      const stall = world.redis.client.call('DEBUG', 'SLEEP', '0.6');
      const inFlight = Promise.all(payers.map((b) => pay(b, 'payment.pay (during stop)')));
      await new Promise((resolve) => setTimeout(resolve, 250));
      const started = Date.now();
      await world.server.close();
      const stoppedMs = Date.now() - started;
      const paid = await inFlight;
      await stall;
      const body = await text;
      console.log(
        `${summarise('server stopped with 4 payments in flight and a live stream', paid)}\n  stop took ${stoppedMs} ms`,
      );
      // Each payment got an answer (most paid before the stop; none lost its connection unanswered).
      expect(paid.filter((p) => p.status === 0)).toEqual([]);
      expect(paid.filter((p) => p.status >= 500 && p.domainCode !== 'SERVICE_UNAVAILABLE')).toEqual([]);
      expect(body).toContain('retry: ');
      expect(await auditInvariants(world.database.handle.db)).toEqual(cleanAudit);
    });
  },
);
