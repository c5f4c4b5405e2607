/**
 * The sale timeline (docs/domain.md, "Operators"): the 10 s sampler writes one row per concert per tick however many
 * servers run it, `admin.saleTimeline` answers the last N minutes in order, and rows older than a day go. Also the
 * numbers around it in `admin.stats`: the time to clear the queue and "as of".
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { jobs } from '../../../src/jobs.js';
import { sampleSales } from '../../../src/modules/admin/sale-timeline.js';
import { makeBuyers, makeConcert, makeUser, type Buyer } from '../../support/index.js';
import { auditedTestApp, failureOf } from '../../support/outcomes.js';

describe('admin.saleTimeline', () => {
  const clock = new ManualClock(new Date('2026-12-01T10:00:03.000Z'));
  const app = auditedTestApp({ redis: false, clock });
  const as = (b: Buyer) => app.caller({ sessionToken: b.sessionToken, queueToken: b.queueToken });

  it('samples every open concert once per 10 s tick, and answers the last minutes in order', async () => {
    expect(jobs.find((j) => j.name === 'sale-timeline')?.schedule).toBe('*/10 * * * * *');
    const admin = app.caller({ sessionToken: (await makeUser(app.deps, { role: 'ADMIN' })).sessionToken });
    const concert = await makeConcert(app.deps, {
      performances: [
        {
          startsAt: new Date(clock.now().getTime() + 5 * 86_400_000),
          layout: [{ grade: 'R', price: 70_000, count: 20 }],
        },
      ],
    });
    const { concertId } = concert;
    const performanceId = concert.performances[0]!.performanceId;

    // Two servers on the same tick: one row.
    const first = await Promise.all([sampleSales(app.deps), sampleSales(app.deps)]);
    expect(first.filter((n) => n > 0)).toHaveLength(1);

    const [buyer] = await makeBuyers(app.deps, 1, { funds: 500_000, admitTo: concertId });
    const held = await as(buyer!).reservation.hold({ performanceId, seatNos: [1, 2] });
    await as(buyer!).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'timeline-pay-001' });
    clock.advance(10);
    await sampleSales(app.deps);

    const timeline = await admin.admin.saleTimeline({ concertId, minutes: 5 });
    expect(timeline).toMatchObject({ concertId, intervalSeconds: 10, asOf: clock.now() });
    expect(timeline.samples.map((s) => s.at)).toEqual([
      new Date('2026-12-01T10:00:00.000Z'),
      new Date('2026-12-01T10:00:10.000Z'),
    ]);
    expect(timeline.samples[0]).toMatchObject({ soldSeats: 0, revenue: 0 });
    expect(timeline.samples[1]).toMatchObject({ soldSeats: 2, revenue: 140_000, heldSeats: 0 });

    // Only the asked minutes; a day later the old rows are gone.
    clock.advance(5 * 60);
    await sampleSales(app.deps);
    expect((await admin.admin.saleTimeline({ concertId, minutes: 1 })).samples).toHaveLength(1);
    clock.advance(24 * 3600);
    await sampleSales(app.deps);
    const old = await app.deps.db
      .selectFrom('sale_samples')
      .select('sampled_at')
      .where('concert_id', '=', concertId)
      .where('sampled_at', '<', new Date(clock.now().getTime() - 24 * 3600_000))
      .execute();
    expect(old).toEqual([]);
  });

  it('refuses unknown concerts, non-operators and a window past a day', async () => {
    const admin = app.caller({ sessionToken: (await makeUser(app.deps, { role: 'ADMIN' })).sessionToken });
    const concert = await makeConcert(app.deps);
    expect(
      await failureOf(admin.admin.saleTimeline({ concertId: crypto.randomUUID(), minutes: 5 })),
    ).toMatchObject({ code: 'CONCERT_NOT_FOUND' });
    expect(
      await failureOf(admin.admin.saleTimeline({ concertId: concert.concertId, minutes: 24 * 60 + 1 })),
    ).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['minutes'] });
    const [buyer] = await makeBuyers(app.deps, 1);
    expect(await failureOf(as(buyer!).admin.saleTimeline({ concertId: concert.concertId }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('stats: the time to clear the queue, null while paused, and when the numbers were read', async () => {
    const admin = app.caller({ sessionToken: (await makeUser(app.deps, { role: 'ADMIN' })).sessionToken });
    const concert = await makeConcert(app.deps, { maxActive: 1, admitPerSecond: 1 });
    const { concertId } = concert;
    expect(await admin.admin.stats({ concertId })).toMatchObject({
      waiting: 0,
      estimatedClearSeconds: 0,
      asOf: clock.now(),
    });
    const buyers = await makeBuyers(app.deps, 4);
    for (const b of buyers) await as(b).queue.join({ concertId });
    const stats = await admin.admin.stats({ concertId });
    expect(stats.waiting).toBe(4);
    expect(stats.estimatedClearSeconds).toBeGreaterThan(0);
    await admin.admin.configureQueue({ concertId, paused: true });
    expect((await admin.admin.stats({ concertId })).estimatedClearSeconds).toBeNull();
  });
});
