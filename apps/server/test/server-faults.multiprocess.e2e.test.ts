/**
 * Servers dying and stopping mid-sale (issue 18; README, "Stopping a server"; docs/domain.md, edge case 15): three
 * server processes share PostgreSQL and a private Redis, and buyers reach them through a load balancer
 * (`failover-proxy.ts`) with the SDK.
 * - One is SIGKILLed while buyers wait, hold and pay on it: they carry on through the next one with the same queue
 *   tokens, holds and idempotency keys; nobody waiting loses a place or the order; a payment cut off by the kill
 *   and sent again with its key pays exactly once.
 * - One is SIGTERMed with live `queue.watch` streams and payments in flight: every payment is answered, the streams
 *   end with a reconnect hint and the SDK's EventSource comes back through the balancer to the last server (which
 *   then admits them), and the process exits by itself (status 0) within its drain time.
 * Each ends with the invariant audit; what the clients saw is printed. Latencies are figures, never assertions.
 */
import { createConfig, createDeps, closeDeps, systemClock, type Deps } from '@tix/api';
import {
  auditInvariants,
  cleanAudit,
  makeBuyers,
  makeConcert,
  redisServerAvailable,
  startPrivateRedis,
  testSessionSecret,
  timeBudgetMs,
  waitUntil,
  type PrivateRedis,
  type TestUser,
} from '@tix/api/testing';
import { createClient, domainErrorOf, joinQueue, waitForAdmission, type TixClient } from '@tix/sdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { startFailoverProxy, type FailoverProxy } from './support/failover-proxy.js';
import { serverStartBudgetMs, spawnServers, type ServerProcess } from './support/spawn-server.js';

const drainMs = 5000;

interface Answer {
  what: string;
  kind: string;
  ms: number;
}

/** What a client saw for one call: ok, a domain code, or no answer (the connection died). */
async function observe<T>(answers: Answer[], what: string, call: () => Promise<T>): Promise<T | null> {
  const started = performance.now();
  const record = (kind: string) => answers.push({ what, kind, ms: Math.round(performance.now() - started) });
  try {
    const value = await call();
    record('ok');
    return value;
  } catch (err) {
    record(domainErrorOf(err)?.domainCode ?? 'no answer');
    return null;
  }
}

function summary(title: string, answers: Answer[]): string {
  const kinds = new Map<string, number>();
  for (const a of answers) kinds.set(`${a.what} ${a.kind}`, (kinds.get(`${a.what} ${a.kind}`) ?? 0) + 1);
  const max = Math.max(0, ...answers.map((a) => a.ms));
  return `[faults] ${title}: ${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ')}; max ${max} ms`;
}

describe.skipIf(!redisServerAvailable)(
  'servers dying and stopping during a sale',
  { timeout: timeBudgetMs({ fixedMs: 120_000 }) + serverStartBudgetMs(3) },
  () => {
    let backends: SharedBackends;
    let redis: PrivateRedis;
    let testRedis: Redis;
    let deps: Deps;
    let servers: ServerProcess[] = [];
    const proxies: FailoverProxy[] = [];

    beforeAll(
      async () => {
        backends = await createSharedBackends({ DATABASE_POOL_SIZE: '10' });
        redis = await startPrivateRedis();
        testRedis = new Redis(redis.url, { keyPrefix: backends.env.REDIS_KEY_PREFIX });
        deps = createDeps({
          db: backends.database.handle.db,
          redis: testRedis,
          clock: systemClock,
          config: createConfig({ sessionSecret: testSessionSecret }),
        });
        servers = await spawnServers(3, {
          ...backends.env,
          REDIS_URL: redis.url,
          SHUTDOWN_DRAIN_MS: String(drainMs),
        });
      },
      serverStartBudgetMs(3) + 60_000,
    );
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.kill()));
      await Promise.all(proxies.map((p) => p.close()));
      if (deps) await closeDeps(deps);
      testRedis?.disconnect();
      await redis?.close();
      await backends?.cleanup();
    });

    /** Buyers who join one after another through `url`, each with a client of their own. */
    async function joinInOrder(url: string, users: TestUser[], concertId: string): Promise<TixClient[]> {
      const clients: TixClient[] = [];
      for (const u of users) {
        const client = createClient({ url, sessionToken: u.sessionToken });
        await joinQueue(client, concertId);
        clients.push(client);
      }
      return clients;
    }

    const statuses = (clients: TixClient[]) => Promise.all(clients.map((c) => c.queue.status.query()));

    /** Everyone still in the room (nobody EXPIRED), and the admitted before the waiting, in the order they joined. */
    function expectPlacesAndOrderKept(views: Array<{ status: string; position?: number | null }>) {
      expect(views.filter((v) => v.status !== 'WAITING' && v.status !== 'ACTIVE')).toEqual([]);
      const ranks = views.map((v) => (v.status === 'ACTIVE' ? 0 : v.position!));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }

    async function paymentsOf(reservationIds: string[]): Promise<number[]> {
      const rows = await backends.database.handle.db
        .selectFrom('payments')
        .select('reservation_id')
        .where('reservation_id', 'in', reservationIds)
        .execute();
      return reservationIds.map((id) => rows.filter((r) => r.reservation_id === id).length);
    }

    it('a SIGKILLed server: its buyers carry on through another, places, holds and payments intact', async () => {
      const [victim, survivor] = servers as [ServerProcess, ServerProcess];
      const lb = await startFailoverProxy([victim.url, survivor.url]);
      proxies.push(lb);
      const concert = await makeConcert(deps, {
        maxActive: 8,
        admitPerSecond: 100,
        performances: [{ startsAt: new Date(Date.now() + 30 * 86_400_000), seats: 40 }],
      });
      const performanceId = concert.performances[0]!.performanceId;
      const users = await makeBuyers(deps, 20, { funds: 1_000_000 });
      const clients = await joinInOrder(lb.url, users, concert.concertId);
      await waitUntil('eight buyers are admitted', async () => {
        const views = await statuses(clients);
        return views.filter((v) => v.status === 'ACTIVE').length === 8;
      });
      const before = await statuses(clients);
      expectPlacesAndOrderKept(before);
      const shoppers = clients.filter((_, i) => before[i]!.status === 'ACTIVE');
      const waiting = clients.filter((_, i) => before[i]!.status === 'WAITING');

      const held = await Promise.all(
        shoppers.map((c, i) => c.reservation.hold.mutate({ performanceId, seatNos: [i + 1] })),
      );
      const keys = held.map((_, i) => `sigkill-${i}`);
      const pay = (i: number) =>
        shoppers[i]!.payment.pay.mutate({ reservationId: held[i]!.reservationId, idempotencyKey: keys[i]! });
      const answers: Answer[] = [];
      // Three paid before the kill, three in flight at it, two only held.
      for (const i of [0, 1, 2]) expect(await observe(answers, 'pay before', () => pay(i))).not.toBeNull();
      const inFlight = [3, 4, 5].map((i) => observe(answers, 'pay in flight', () => pay(i)));
      await new Promise((resolve) => setTimeout(resolve, 20));
      await victim.kill();
      expect(victim.child.signalCode).toBe('SIGKILL');
      const cutOff = await Promise.all(inFlight);

      // Through the balancer, now the survivor: the same tokens and keys.
      const retried = await Promise.all(
        [3, 4, 5, 6, 7].map((i) => observe(answers, 'pay after', () => pay(i))),
      );
      expect(retried.every((r) => r !== null)).toBe(true);
      cutOff.forEach((first, k) => {
        if (first) expect(retried[k]!.paymentId).toBe(first.paymentId);
      });
      expect(await paymentsOf(held.map((h) => h.reservationId))).toEqual(held.map(() => 1));
      // Read one by one from the back of the line: admission may run between two reads, and then it only moves
      // the earlier-joined (read later) forward, so a kept order still reads as increasing.
      const after: Array<Awaited<ReturnType<TixClient['queue']['status']['query']>> | null> = [];
      for (const c of [...waiting].reverse()) {
        after.unshift(await observe(answers, 'status after', () => c.queue.status.query()));
      }
      console.log(summary('one of two servers SIGKILLed', answers));
      expectPlacesAndOrderKept(after.map((v) => v ?? { status: 'NO ANSWER' }));
      // The turns ended by the payments went to the head of the line.
      await waitUntil('the head of the line is admitted on the survivor', async () => {
        const views = await statuses(waiting);
        return views.slice(0, 8).every((v) => v.status === 'ACTIVE');
      });
      expect(await auditInvariants(backends.database.handle.db)).toEqual(cleanAudit);
    });

    it('a SIGTERMed server: payments in flight answered, streams reconnect elsewhere, exits in its drain time', async () => {
      const [, stopping, last] = servers as [ServerProcess, ServerProcess, ServerProcess];
      const lb = await startFailoverProxy([stopping.url, last.url]);
      proxies.push(lb);
      const concert = await makeConcert(deps, {
        maxActive: 4,
        admitPerSecond: 100,
        performances: [{ startsAt: new Date(Date.now() + 30 * 86_400_000), seats: 40 }],
      });
      const performanceId = concert.performances[0]!.performanceId;
      const users = await makeBuyers(deps, 10, { funds: 1_000_000 });
      const clients = await joinInOrder(lb.url, users, concert.concertId);
      await waitUntil('four buyers are admitted', async () => {
        const views = await statuses(clients);
        return views.filter((v) => v.status === 'ACTIVE').length === 4;
      });
      const before = await statuses(clients);
      const shoppers = clients.filter((_, i) => before[i]!.status === 'ACTIVE');
      const waiting = clients.filter((_, i) => before[i]!.status === 'WAITING');
      const held = await Promise.all(
        shoppers.map((c, i) => c.reservation.hold.mutate({ performanceId, seatNos: [i + 1] })),
      );

      // Six live streams on the stopping server; no fallback poll for ten minutes, so only a stream that came
      // back (to the last server) can tell them they are admitted.
      const abort = new AbortController();
      const admitted = waiting.map((c) =>
        waitForAdmission(c, { pollIntervalMs: 600_000, staleAfterMs: 600_000, signal: abort.signal }).then(
          (v) => v.status,
          (err: unknown) => (abort.signal.aborted ? 'still waiting' : String(err)),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));

      // Redis stalls 0.6 s, so the payments are surely in flight (on their token check) when SIGTERM arrives.
      const answers: Answer[] = [];
      const stall = redis.client.call('DEBUG', 'SLEEP', '0.6');
      const paying = shoppers.map((c, i) =>
        observe(answers, 'pay during stop', () =>
          c.payment.pay.mutate({ reservationId: held[i]!.reservationId, idempotencyKey: `sigterm-${i}` }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const exited = new Promise<void>((resolve) => stopping.child.once('exit', () => resolve()));
      const stopStarted = Date.now();
      stopping.child.kill('SIGTERM');
      await exited;
      const stopMs = Date.now() - stopStarted;
      await stall;
      const first = await Promise.all(paying);
      // A call whose bytes the stopping server had not read yet when it closed its connections gets no answer
      // (Node closes such connections as idle); its client sends it again with the same key, through the balancer,
      // as any client of an idempotent payment would, and it is paid once.
      const paid = await Promise.all(
        first.map(
          async (p, i) =>
            p ??
            (await observe(answers, 'pay retried', () =>
              shoppers[i]!.payment.pay.mutate({
                reservationId: held[i]!.reservationId,
                idempotencyKey: `sigterm-${i}`,
              }),
            )),
        ),
      );
      const drained = stopping.output.find((line) => line.includes('"drained"')) ?? 'no drain line';
      console.log(`${summary('server SIGTERMed', answers)}\n  exited after ${stopMs} ms; ${drained}`);
      expect(stopping.child.exitCode).toBe(0);
      expect(paid.every((p) => p !== null)).toBe(true);
      expect(await paymentsOf(held.map((h) => h.reservationId))).toEqual(held.map(() => 1));
      // Six streams ended with the reconnect hint, and any that came back on a connection kept alive from before
      // the stop (a busy machine makes that likely) ended the same way; no call was cut.
      const drainedLine = JSON.parse(drained) as { streams: number; cut: number };
      expect(drainedLine.cut).toBe(0);
      expect(drainedLine.streams).toBeGreaterThanOrEqual(6);

      // The four turns the payments ended admit the first four waiting, on the last server, through their streams.
      await waitUntil('four streams learn they are admitted', async () => {
        const views = await statuses(waiting);
        return views.filter((v) => v.status === 'ACTIVE').length === 4;
      });
      const firstFour = await Promise.all(admitted.slice(0, 4));
      abort.abort();
      expect(firstFour).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
      expect(await Promise.all(admitted.slice(4))).toEqual(['still waiting', 'still waiting']);
      expect(await auditInvariants(backends.database.handle.db)).toEqual(cleanAudit);
    });
  },
);
