/**
 * A server killed between commit and publish (docs/domain.md, "Sale events", edge case 20): the victim commits holds and payments
 * with their events and starts sending them to a receiver that hangs; it is killed with SIGKILL mid-send. A server
 * started afterwards delivers every event (the victim's leased ones once the lease runs out), in order per
 * reservation, under the ids the victim was sending.
 */
import { closeDeps, createConfig, createDeps, systemClock, type Deps } from '@tix/api';
import {
  makeBuyers,
  makeConcert,
  startWebhookReceiver,
  testSessionSecret,
  timeBudgetMs,
  waitUntil,
  type WebhookReceiver,
} from '@tix/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { rawCall } from './support/raw-trpc.js';
import { spawnServer, type ServerProcess } from './support/spawn-server.js';

describe('a server killed between commit and publish', () => {
  let backends: SharedBackends;
  let deps: Deps;
  let receiver: WebhookReceiver;
  const servers: ServerProcess[] = [];
  const relayEnv = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_RETRY_BASE_MS: '50' };

  beforeAll(async () => {
    backends = await createSharedBackends({ DATABASE_POOL_SIZE: '5' });
    deps = createDeps({
      db: backends.database.handle.db,
      redis: backends.redis.redis,
      clock: systemClock,
      config: createConfig({ sessionSecret: testSessionSecret }),
    });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await receiver?.close();
    if (deps) await closeDeps(deps);
    await backends?.cleanup();
  });

  it(
    'still delivers every event after a restart, in order per reservation',
    async () => {
      const concert = await makeConcert(deps);
      await deps.db
        .insertInto('webhooks')
        .values({ url: receiver.url, secret: 'whsec_crash', events: null, concert_id: concert.concertId })
        .execute();
      receiver.hang = true;
      const victim = await spawnServer({ ...backends.env, ...relayEnv });
      servers.push(victim);
      const performanceId = concert.performances[0]!.performanceId;
      const buyers = await makeBuyers(deps, 4, { funds: 1_000_000, admitTo: concert.concertId });
      const reservationIds = await Promise.all(
        buyers.map(async (b, i) => {
          const headers = { authorization: `Bearer ${b.sessionToken}`, 'x-queue-token': b.queueToken };
          const held = await rawCall(
            victim.url,
            'mutation',
            'reservation.hold',
            { performanceId, seatNos: [i + 1] },
            headers,
          );
          const reservationId = (held.body.result!.data!.json as { reservationId: string }).reservationId;
          const paid = await rawCall(
            victim.url,
            'mutation',
            'payment.pay',
            { reservationId, idempotencyKey: `relay-crash-${reservationId}` },
            headers,
          );
          expect(paid.status).toBe(200);
          return reservationId;
        }),
      );
      await waitUntil('the victim is sending', () => receiver.received.length > 0, serverStartBudget());
      await victim.kill();
      const inFlight = receiver.received.map((d) => d.event.id);
      receiver.hang = false;

      servers.push(await spawnServer({ ...backends.env, ...relayEnv }));
      const types = (id: string) =>
        receiver
          .accepted()
          .filter((d) => d.event.data.reservationId === id)
          .map((d) => d.event.type);
      await waitUntil(
        'every event delivered after the restart',
        () => reservationIds.every((id) => types(id).length === 2),
        timeBudgetMs({ fixedMs: 60_000 }),
      );
      for (const id of reservationIds) expect(types(id)).toEqual(['reservation.held', 'payment.completed']);
      const delivered = new Set(receiver.accepted().map((d) => d.event.id));
      for (const id of inFlight) expect(delivered.has(id)).toBe(true);
      // Two server starts and a lease to run out: on a loaded machine well past the default 30 s.
    },
    timeBudgetMs({ fixedMs: 60_000, units: 2, msEach: 30_000 }),
  );
});

function serverStartBudget() {
  return timeBudgetMs({ fixedMs: 30_000 });
}
