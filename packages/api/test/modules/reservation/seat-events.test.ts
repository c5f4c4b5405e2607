/**
 * concert.seatEvents over Redis pub/sub: a snapshot, then holds, payments, cancels and the sweeper's releases as
 * they happen. The subscriber and the actors use different Deps (as two servers would), sharing only Redis and
 * PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createInnerContext } from '../../../src/context.js';
import { closeDeps, createDeps, type Deps } from '../../../src/deps.js';
import { createCaller } from '../../../src/router.js';
import {
  auditInvariants,
  cleanAudit,
  createTestApp,
  makeBuyers,
  makeConcert,
  seatStatuses,
  type TestApp,
} from '../../support/index.js';
import type { SeatAvailabilityEvent as SeatEvent } from '../../../src/modules/venue/venue.types.js';
import { sweepExpiredHolds } from '../../../src/modules/reservation/hold-sweeper.js';
import { failureOf } from '../../support/outcomes.js';
import { seatStateKey, toVersionedWrite } from '../../../src/modules/concert/seat-availability.js';

describe('concert.seatEvents', () => {
  let app: TestApp;
  let other: Deps;
  const clock = new ManualClock();
  beforeAll(async () => {
    app = await createTestApp({ clock });
    // A second "server": its own pub/sub connection and queue engine on the same Redis prefix.
    other = createDeps({ db: app.deps.db, redis: app.redis!.redis, clock, config: app.deps.config });
  });
  afterAll(async () => {
    if (other) await closeDeps(other);
    await app?.close();
  });

  it('streams a snapshot, then held, sold, freed and swept seats from another server', async () => {
    const concert = await makeConcert(app.deps, {
      performances: [{ startsAt: new Date(clock.now().getTime() + 30 * 86_400_000), seats: 8 }],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const [watcher, alice, bob] = await makeBuyers(app.deps, 3, {
      funds: 1_000_000,
      admitTo: concert.concertId,
    });
    const stream = await app
      .caller({ sessionToken: watcher!.sessionToken, queueToken: watcher!.queueToken })
      .concert.seatEvents({ performanceId });
    const events = (stream as AsyncIterable<SeatEvent>)[Symbol.asyncIterator]();
    // Bounded wait, so a lost event fails the test with a message instead of hanging it.
    const next = async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no seat event within 5 s')), 5_000);
      });
      try {
        return (await Promise.race([events.next(), timeout])).value as SeatEvent;
      } finally {
        clearTimeout(timer);
      }
    };

    const first = await next();
    expect(first.snapshot).toMatchObject({ performanceId, seatsTotal: 8, version: first.version });
    expect(seatStatuses(first.snapshot!).every((s) => s === 'AVAILABLE')).toBe(true);
    // Every later event carries the snapshot's change count after it: one more each time here.
    let version = first.version;
    const nextChange = async () => {
      const event = await next();
      expect(event.version).toBe(++version);
      return event;
    };

    const on = (b: typeof alice) =>
      createCaller(createInnerContext(other, { sessionToken: b!.sessionToken, queueToken: b!.queueToken }));
    const a = await on(alice).reservation.hold({ performanceId, seatNos: [2, 1] });
    expect((await nextChange()).seats).toEqual([
      { seatNo: 1, available: false },
      { seatNo: 2, available: false },
    ]);
    await on(alice).payment.pay({ reservationId: a.reservationId, idempotencyKey: 'events-pay-01' });
    expect((await nextChange()).seats).toEqual([
      { seatNo: 1, available: false },
      { seatNo: 2, available: false },
    ]);
    const b = await on(bob).reservation.hold({ performanceId, seatNos: [5] });
    expect((await nextChange()).seats).toEqual([{ seatNo: 5, available: false }]);
    await on(bob).reservation.cancel({ reservationId: b.reservationId });
    expect((await nextChange()).seats).toEqual([{ seatNo: 5, available: true }]);
    await on(bob).reservation.hold({ performanceId, seatNos: [6, 7] });
    expect((await nextChange()).seats).toEqual([
      { seatNo: 6, available: false },
      { seatNo: 7, available: false },
    ]);
    clock.advance(300);
    expect(await sweepExpiredHolds(other)).toBe(1);
    expect((await nextChange()).seats).toEqual([
      { seatNo: 6, available: true },
      { seatNo: 7, available: true },
    ]);
    // A client going away ends the stream (and its Redis subscription).
    expect((await events.return!(undefined)).done).toBe(true);
    expect(await auditInvariants(app.deps.db, clock.now())).toEqual(cleanAudit);
  });

  it('needs an ACTIVE token for the performance’s concert', async () => {
    const concert = await makeConcert(app.deps);
    const elsewhere = await makeConcert(app.deps);
    const [me] = await makeBuyers(app.deps, 1, { admitTo: elsewhere.concertId });
    const performanceId = concert.performances[0]!.performanceId;
    // A caller's subscription fails on its first read, as the HTTP stream would.
    const first = async (credentials: { sessionToken: string; queueToken?: string }) => {
      const stream = await app.caller(credentials).concert.seatEvents({ performanceId });
      return (stream as AsyncIterable<SeatEvent>)[Symbol.asyncIterator]().next();
    };
    expect(
      (await failureOf(first({ sessionToken: me!.sessionToken, queueToken: me!.queueToken }))).code,
    ).toBe('QUEUE_WRONG_CONCERT');
    expect((await failureOf(first({ sessionToken: me!.sessionToken }))).code).toBe('QUEUE_TOKEN_MISSING');
  });
});

describe('concert.seatEvents after a lost announcement', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ clock: new ManualClock(), config: { seatEventsCheckMs: 100 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sends the snapshot again when a quiet stream finds changes it was never told of', async () => {
    const concert = await makeConcert(app.deps, {
      performances: [{ startsAt: new Date(app.deps.clock.now().getTime() + 30 * 86_400_000), seats: 4 }],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const [watcher] = await makeBuyers(app.deps, 1, { admitTo: concert.concertId });
    const stream = await app
      .caller({ sessionToken: watcher!.sessionToken, queueToken: watcher!.queueToken })
      .concert.seatEvents({ performanceId });
    const events = (stream as AsyncIterable<SeatEvent>)[Symbol.asyncIterator]();
    const first = (await events.next()).value as SeatEvent;
    // A change the snapshot takes without announcing it, as when pub/sub drops the message on a reconnect.
    await app.deps.seatState.write(seatStateKey(performanceId), [
      toVersionedWrite({
        performance_id: performanceId,
        seat_no: 3,
        status: 'SOLD',
        hold_expires_at: null,
        holder: null,
        version: 10n ** 15n,
      }),
    ]);
    const again = (await events.next()).value as SeatEvent;
    expect(again.version).toBe(first.version + 1);
    expect(seatStatuses(again.snapshot!)).toEqual(['AVAILABLE', 'AVAILABLE', 'TAKEN', 'AVAILABLE']);
    await events.return!(undefined);
  });
});
