/**
 * Live availability across two server processes on one PostgreSQL and Redis (docs/api.md, "concert.seatEvents,
 * with no gap"): clients following a date on server A, through the SDK's followAvailability, while buyers hold
 * and release seats and standing places on server B, end with exactly the map a fresh `concert.seats` read gives:
 * the same version, the same bitmap, the same standing counts. One follower loses events on purpose (as pub/sub
 * may while a connection is re-established): it sees the version skip at the next event, reads again, and ends
 * equal too. (A lost last announcement, with no event after it, is the server's to notice: a quiet stream checks
 * the snapshot's count, seat-events.ts; the test's loss stops before a final change so the skip always shows.)
 */
import { closeDeps, createConfig, createDeps, systemClock, type Deps } from '@tix/api';
import {
  auditInvariants,
  cleanAudit,
  makeBuyers,
  makeConcert,
  testSessionSecret,
  waitUntil,
  type Buyer,
} from '@tix/api/testing';
import {
  createClient,
  decodeAvailability,
  followAvailability,
  type DecodedAvailability,
  type SeatAvailabilityEvent,
  type TixClient,
} from '@tix/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { serverStartBudgetMs, spawnServers, type ServerProcess } from './support/spawn-server.js';

const BUYERS = 16;
const ROUNDS = 4;

describe('seat events across two server processes', () => {
  let backends: SharedBackends;
  let servers: ServerProcess[];
  let deps: Deps;

  beforeAll(
    async () => {
      backends = await createSharedBackends({ DATABASE_POOL_SIZE: '10' });
      servers = await spawnServers(2, backends.env);
      deps = createDeps({
        db: backends.database.handle.db,
        redis: backends.redis.redis,
        clock: systemClock,
        config: createConfig({ sessionSecret: testSessionSecret }),
      });
    },
    serverStartBudgetMs(2) + 30_000,
  );
  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    if (deps) await closeDeps(deps);
    await backends?.cleanup();
  });

  const on = (server: ServerProcess, b: Buyer) =>
    createClient({ url: server.url, sessionToken: b.sessionToken, queueToken: b.queueToken, batch: false });

  /**
   * The client's seat reads and events as the follower sees them, with every `drop`-th change event lost on the
   * way; `log` counts the reads and lists the lost versions.
   */
  function losing(client: TixClient, drop: number) {
    const log = { reads: 0, lost: [] as number[], dropping: true };
    let changes = 0;
    const concert = {
      seats: {
        query: (input: { performanceId: string }) => {
          log.reads += 1;
          return client.concert.seats.query(input);
        },
      },
      seatEvents: {
        subscribe: (
          input: { performanceId: string },
          handlers: { onData: (e: SeatAvailabilityEvent) => void; onError?: (err: unknown) => void },
        ) =>
          client.concert.seatEvents.subscribe(input, {
            onData: (event: SeatAvailabilityEvent) => {
              if (log.dropping && !event.snapshot && ++changes % drop === 0)
                return void log.lost.push(event.version);
              handlers.onData(event);
            },
            onError: (err: unknown) => handlers.onError?.(err),
          }),
      },
    };
    return { log, api: { concert } as unknown as Pick<TixClient, 'concert'> };
  }

  it('followers on server A end equal to a fresh read while buyers hold and release on server B', async () => {
    const concert = await makeConcert(deps, {
      performances: [
        {
          startsAt: new Date(Date.now() + 30 * 86_400_000),
          venue: {
            sections: [
              {
                kind: 'SEATED',
                sectionId: 'A',
                name: 'Section A',
                x: 0,
                y: 0,
                width: 100,
                height: 40,
                grade: 'R',
                rows: ['1', '2', '3', '4'].map((label) => ({ label, count: 25 })),
              },
              {
                kind: 'STANDING',
                sectionId: 'PIT',
                name: 'Pit',
                x: 0,
                y: 50,
                width: 100,
                height: 40,
                grade: 'GA',
                capacity: 30,
              },
            ],
          },
          prices: { R: 50_000, GA: 30_000 },
        },
      ],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const [watcher, gapWatcher, reader, ...buyers] = await makeBuyers(deps, BUYERS + 3, {
      admitTo: concert.concertId,
    });
    const [a, b] = servers as [ServerProcess, ServerProcess];

    const states: Record<'plain' | 'gaps', DecodedAvailability | null> = { plain: null, gaps: null };
    const lossy = losing(on(a, gapWatcher!), 4);
    const follows = [
      followAvailability(on(a, watcher!), performanceId, { onChange: (s) => (states.plain = s) }),
      followAvailability(lossy.api, performanceId, { onChange: (s) => (states.gaps = s) }),
    ];
    try {
      await waitUntil('both followers have a first state', () => !!states.plain && !!states.gaps, 30_000);

      // Buyers on server B: hold 1–3 seats (and sometimes standing places), release about half, again.
      let holds = 0;
      let releases = 0;
      await Promise.all(
        buyers.map(async (buyer, i) => {
          const client = on(b, buyer);
          for (let round = 0; round < ROUNDS; round++) {
            const first = 1 + ((i * 7 + round * 13) % 95);
            const count = 1 + ((i + round) % 3);
            const held = await client.reservation.hold
              .mutate({
                performanceId,
                seatNos: Array.from({ length: count }, (_, k) => first + k),
                ...((i + round) % 3 === 0 ? { standing: { sectionId: 'PIT', count: 1 + (i % 2) } } : {}),
              })
              .catch(() => null);
            if (!held) continue;
            holds += 1;
            if ((i + round) % 2 === 0) {
              await client.reservation.cancel.mutate({ reservationId: held.reservationId });
              releases += 1;
            }
          }
        }),
      );
      expect(holds).toBeGreaterThan(BUYERS);
      expect(releases).toBeGreaterThan(0);

      // One last change after the losses: the losing follower sees the skip there if it lost the final ones.
      lossy.log.dropping = false;
      const last = await on(b, reader!).reservation.hold.mutate({ performanceId, seatNos: [100] });
      await on(b, reader!).reservation.cancel.mutate({ reservationId: last.reservationId });

      const fresh = decodeAvailability(await on(b, reader!).concert.seats.query({ performanceId }));
      await waitUntil(
        'both followers reach the fresh read’s version',
        () => states.plain?.version === fresh.version && states.gaps?.version === fresh.version,
        60_000,
      );
      for (const state of [states.plain!, states.gaps!]) {
        expect(Array.from(state.bits)).toEqual(Array.from(fresh.bits));
        expect(state.standing).toEqual(fresh.standing);
      }
      // The losing follower really lost events, and read again because of it.
      expect(lossy.log.lost.length).toBeGreaterThan(0);
      expect(lossy.log.reads).toBeGreaterThan(1);
      expect(await auditInvariants(backends.database.handle.db)).toEqual(cleanAudit);
    } finally {
      for (const f of follows) f.stop();
    }
  }, 180_000);
});
