/**
 * Venues (docs/domain.md, "Venues"): layouts from templates and sections, the operator's refusals, holds by label
 * and by standing area (all or nothing together, paid, cancelled and refunded), best available, availability
 * versions and the events a client applies to reach exactly what a fresh read gives.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { bitIsSet, bitmapFromBase64, setBit } from '../../../src/modules/venue/seat-bitmap.js';
import { findSeatByLabel, locateSeat } from '../../../src/modules/venue/seat-index.js';
import type { SeatAvailability, SeatAvailabilityEvent } from '../../../src/modules/venue/venue.types.js';
import { makeBuyers, makeConcert, makeUser, seatsWith } from '../../support/index.js';
import { auditedTestApp, failureOf } from '../../support/outcomes.js';

describe('venues', () => {
  const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
  const app = auditedTestApp({ redis: true, clock });
  const day = 86_400_000;

  async function arena(extra: { holdSeconds?: number } = {}) {
    const concert = await makeConcert(app.deps, {
      ...extra,
      performances: [{ startsAt: new Date(clock.now().getTime() + 30 * day), venue: { template: 'arena' } }],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const buyers = await makeBuyers(app.deps, 3, { funds: 2_000_000, admitTo: concert.concertId });
    const as = (b: (typeof buyers)[number]) =>
      app.caller({ sessionToken: b.sessionToken, queueToken: b.queueToken });
    return { concert, performanceId, buyers, as };
  }

  it('serves a template layout with seat labels, grades, prices and standing areas, the same every time', async () => {
    const { performanceId, concert } = await arena();
    const layout = await app.caller().concert.layout({ performanceId });
    expect(layout).toMatchObject({ performanceId, name: 'Arena', seatsTotal: 10_000 });
    expect(concert.performances[0]!.seatsTotal).toBe(10_000);
    expect(layout.grades).toEqual(
      expect.arrayContaining([
        { grade: 'VIP', price: 180_000 },
        { grade: 'FLOOR', price: 150_000 },
      ]),
    );
    expect(layout.sections.filter((s) => s.kind === 'STANDING')).toEqual([
      expect.objectContaining({ sectionId: 'FLOOR-A', capacity: 1000 }),
      expect.objectContaining({ sectionId: 'FLOOR-B', capacity: 1000 }),
    ]);
    expect(JSON.stringify(layout)).not.toContain('firstPlaceNo');
    expect(locateSeat(layout, 1)).toMatchObject({ label: '101-1-1', grade: 'VIP' });
    expect(await app.caller().concert.layout({ performanceId })).toEqual(layout);
    // Two performances of one venue share one stored layout, and the version follows their prices.
    const other = await makeConcert(app.deps, {
      performances: [
        {
          startsAt: new Date(clock.now().getTime() + 31 * day),
          venue: { template: 'arena' },
          prices: { S: 1 },
        },
      ],
    });
    const again = await app.caller().concert.layout({ performanceId: other.performances[0]!.performanceId });
    expect(again.layoutId).toBe(layout.layoutId);
    expect(again.version).not.toBe(layout.version);
  });

  it('refuses shows in the past or before the sale, a waiting room after the sale, and unpriced grades', async () => {
    const admin = await makeUser(app.deps, { role: 'ADMIN' });
    const create = app.caller({ sessionToken: admin.sessionToken }).admin.createConcert;
    const now = clock.now().getTime();
    const base = { title: 'T', venue: 'V', saleOpensAt: new Date(now + day) };
    const show = (at: number) => ({ startsAt: new Date(at), seats: 10 });
    expect(
      await failureOf(create({ ...base, performances: [show(now + 5 * day), show(now - 1000)] })),
    ).toMatchObject({
      code: 'SHOW_DATE_IN_PAST',
      fields: ['performances.1.startsAt'],
    });
    expect(await failureOf(create({ ...base, performances: [show(now + day / 2)] }))).toMatchObject({
      code: 'SHOW_BEFORE_SALE',
      fields: ['performances.0.startsAt'],
    });
    expect(
      await failureOf(
        create({ ...base, queueOpensAt: new Date(now + 2 * day), performances: [show(now + 5 * day)] }),
      ),
    ).toMatchObject({ code: 'QUEUE_OPENS_AFTER_SALE', fields: ['queueOpensAt'] });
    const sections = [
      {
        kind: 'SEATED' as const,
        sectionId: 'A',
        name: 'A',
        x: 0,
        y: 0,
        width: 50,
        height: 10,
        grade: 'GOLD',
        rows: [{ label: '1', count: 5 }],
      },
    ];
    expect(
      await failureOf(
        create({ ...base, performances: [{ startsAt: new Date(now + 5 * day), venue: { sections } }] }),
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['performances.0.prices'] });
    const made = await create({
      ...base,
      performances: [{ startsAt: new Date(now + 5 * day), venue: { sections }, prices: { GOLD: 77_000 } }],
    });
    expect(made.performances[0]!.seatsTotal).toBe(5);
  });

  it('holds seats by label and standing places together, all or nothing, and pays, cancels and refunds them', async () => {
    const { performanceId, buyers, as } = await arena({ holdSeconds: 300 });
    const [alice, bob] = buyers as [(typeof buyers)[0], (typeof buyers)[0]];
    const layout = await app.caller().concert.layout({ performanceId });
    const held = await as(alice).reservation.hold({
      performanceId,
      seats: ['105-3-7', '105-3-8'],
      standing: { sectionId: 'floor-a', count: 2 },
    });
    const [s7, s8] = [findSeatByLabel(layout, '105-3-7')!, findSeatByLabel(layout, '105-3-8')!];
    expect(held.seats).toEqual([
      { seatNo: s7.seatNo, label: '105-3-7', grade: 'VIP', price: 180_000 },
      { seatNo: s8.seatNo, label: '105-3-8', grade: 'VIP', price: 180_000 },
    ]);
    expect(held.standing).toEqual([{ sectionId: 'FLOOR-A', name: 'Floor A', count: 2, price: 150_000 }]);
    expect(held.totalPrice).toBe(2 * 180_000 + 2 * 150_000);
    const mine = await as(alice).concert.seats({ performanceId });
    expect(mine.mine).toEqual({
      seatNos: [s7.seatNo, s8.seatNo],
      standing: [{ sectionId: 'FLOOR-A', count: 2 }],
    });
    expect(mine.standing).toContainEqual({ sectionId: 'FLOOR-A', capacity: 1000, available: 998 });

    // All or nothing: a taken seat keeps bob's standing places free too.
    expect(
      (
        await failureOf(
          as(bob).reservation.hold({
            performanceId,
            seats: ['105-3-8'],
            standing: { sectionId: 'FLOOR-A', count: 1 },
          }),
        )
      ).code,
    ).toBe('SEAT_UNAVAILABLE');
    expect((await as(bob).concert.seats({ performanceId })).standing).toContainEqual({
      sectionId: 'FLOOR-A',
      capacity: 1000,
      available: 998,
    });
    // (Too few places left, STANDING_UNAVAILABLE: the three-server test of a 100-place area.)
    expect(
      await failureOf(as(bob).reservation.hold({ performanceId, standing: { sectionId: 'PIT', count: 1 } })),
    ).toMatchObject({
      code: 'SEAT_NOT_FOUND',
      fields: ['standing.sectionId'],
    });
    expect(await failureOf(as(bob).reservation.hold({ performanceId, seats: ['105-99-1'] }))).toMatchObject({
      code: 'SEAT_NOT_FOUND',
      fields: ['seats'],
    });
    expect(await failureOf(as(bob).reservation.hold({ performanceId, seatNos: [10_001] }))).toMatchObject({
      code: 'SEAT_NOT_FOUND',
    });
    expect(
      (
        await failureOf(
          as(bob).reservation.hold({
            performanceId,
            standing: { sectionId: 'FLOOR-B', count: 5 },
            best: { count: 2 },
          }),
        )
      ).code,
    ).toBe('TOO_MANY_SEATS');

    await as(alice).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'venues-pay-0001' });
    // Paying ends the turn (no more concert.seats for alice); the reservation shows what she bought.
    const paid = await as(alice).reservation.get({ reservationId: held.reservationId });
    expect(paid).toMatchObject({ status: 'PAID', standing: [{ sectionId: 'FLOOR-A', count: 2 }] });
    expect((await as(bob).concert.seats({ performanceId })).standing).toContainEqual({
      sectionId: 'FLOOR-A',
      capacity: 1000,
      available: 998,
    });
    const refunded = await as(alice).reservation.cancel({ reservationId: held.reservationId });
    expect(refunded).toMatchObject({ status: 'REFUNDED', standing: [{ sectionId: 'FLOOR-A', count: 2 }] });
    const after = await as(bob).concert.seats({ performanceId });
    expect(after.standing).toContainEqual({ sectionId: 'FLOOR-A', capacity: 1000, available: 1000 });
    expect(seatsWith(after, 'TAKEN')).toEqual([]);
  });

  it('chooses the best seats side by side in one row, by section and with an accessible seat on request', async () => {
    const concert = await makeConcert(app.deps, {
      performances: [
        { startsAt: new Date(clock.now().getTime() + 30 * day), venue: { template: 'small-hall' } },
      ],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const [alice, bob, carol] = await makeBuyers(app.deps, 3, {
      funds: 2_000_000,
      admitTo: concert.concertId,
    });
    const as = (b: typeof alice) => app.caller({ sessionToken: b!.sessionToken, queueToken: b!.queueToken });
    const layout = await app.caller().concert.layout({ performanceId });
    // Alice takes the middle of A's front row: the best run of 4 is then elsewhere in row 1, still together.
    await as(alice).reservation.hold({ performanceId, seats: ['A-1-9', 'A-1-10', 'A-1-11', 'A-1-12'] });
    const best = await as(bob).reservation.hold({ performanceId, best: { count: 4 } });
    const rows = best.seats.map((s) => s.label.split('-').slice(0, 2).join('-'));
    expect(new Set(rows)).toEqual(new Set(['A-1']));
    const nos = best.seats.map((s) => s.seatNo);
    expect(nos).toEqual([nos[0]!, nos[0]! + 1, nos[0]! + 2, nos[0]! + 3]);
    expect(best.seats.every((s) => s.grade === 'VIP')).toBe(true);
    const accessible = await as(carol).reservation.hold({
      performanceId,
      best: { count: 2, sectionId: 'B', accessible: true },
    });
    expect(accessible.seats.map((s) => s.label)).toContainEqual(expect.stringMatching(/^B-8-/));
    expect(accessible.seats.some((s) => locateSeat(layout, s.seatNo)!.accessible)).toBe(true);
    expect(
      (await failureOf(as(carol).reservation.hold({ performanceId, best: { count: 2, sectionId: 'ZZ' } })))
        .fields,
    ).toEqual(['best.sectionId']);
  });

  it('streams versioned changes that bring a client to exactly what a fresh read shows', async () => {
    const { performanceId, buyers, as } = await arena({ holdSeconds: 60 });
    const [watcher, alice, bob] = buyers as [(typeof buyers)[0], (typeof buyers)[0], (typeof buyers)[0]];
    const stream = await as(watcher).concert.seatEvents({ performanceId });
    const events = (stream as AsyncIterable<SeatAvailabilityEvent>)[Symbol.asyncIterator]();
    const first = (await events.next()).value as SeatAvailabilityEvent;
    let state = {
      version: first.version,
      bits: bitmapFromBase64(first.snapshot!.available, first.snapshot!.seatsTotal),
    };
    const standing = new Map(first.snapshot!.standing.map((s) => [s.sectionId, s.available]));
    const apply = (e: SeatAvailabilityEvent) => {
      if (e.version <= state.version) return;
      const bits = state.bits.slice();
      for (const s of e.seats) setBit(bits, s.seatNo, s.available);
      for (const s of e.standing) standing.set(s.sectionId, s.available);
      state = { version: e.version, bits };
    };
    const a = await as(alice).reservation.hold({
      performanceId,
      seatNos: [1],
      standing: { sectionId: 'FLOOR-B', count: 3 },
    });
    await as(bob).reservation.hold({
      performanceId,
      seats: ['201-1-1'],
      standing: { sectionId: 'FLOOR-B', count: 1 },
    });
    await as(alice).payment.pay({ reservationId: a.reservationId, idempotencyKey: 'venues-pay-0002' });
    clock.advance(61);
    const { sweepExpiredHolds } = await import('../../../src/modules/reservation/hold-sweeper.js');
    expect(await sweepExpiredHolds(app.deps)).toBe(1);
    const fresh: SeatAvailability = await as(watcher).concert.seats({ performanceId });
    while (state.version < fresh.version) apply((await events.next()).value as SeatAvailabilityEvent);
    expect(state.version).toBe(fresh.version);
    const freshBits = bitmapFromBase64(fresh.available, fresh.seatsTotal);
    expect(Buffer.from(state.bits).equals(Buffer.from(freshBits))).toBe(true);
    expect(bitIsSet(state.bits, 1)).toBe(false);
    expect(Object.fromEntries(standing)).toEqual(
      Object.fromEntries(fresh.standing.map((s) => [s.sectionId, s.available])),
    );
    expect(standing.get('FLOOR-B')).toBe(997);
    await events.return!(undefined);
  });
});

describe('admin.layoutTemplates', () => {
  const app = auditedTestApp({ redis: false, clock: new ManualClock(new Date('2026-12-01T10:00:00.000Z')) });
  it('lists the templates for operators only', async () => {
    const admin = await makeUser(app.deps, { role: 'ADMIN' });
    const buyer = await makeUser(app.deps);
    const templates = await app.caller({ sessionToken: admin.sessionToken }).admin.layoutTemplates();
    expect(templates.map((t) => [t.template, t.seatsTotal, t.standingTotal])).toEqual([
      ['small-hall', 500, 0],
      ['arena', 10_000, 2_000],
      ['stadium', 50_000, 6_000],
    ]);
    expect(
      (await failureOf(app.caller({ sessionToken: buyer.sessionToken }).admin.layoutTemplates())).code,
    ).toBe('FORBIDDEN');
  });
});
