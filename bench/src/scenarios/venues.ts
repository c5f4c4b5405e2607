/**
 * Venues (issue 13): the size of a `concert.seats` answer at 5,000 and 50,000 seats (the compact, versioned bitmap)
 * beside the per-seat list it replaced, the static layout fetched once, and N buyers holding one place each in a
 * standing area of C places at once across the servers (exactly C may win, never more).
 */
import superjson from 'superjson';
import { seedBuyers } from '../env/seed.js';
import { admitAll } from '../load/queue-flow.js';
import { runLoad } from '../load/run.js';
import { num, type BenchContext, type Scenario, type ScenarioResult } from './types.js';

type CreateInput = Parameters<BenchContext['admin']['client']['admin']['createConcert']['mutate']>[0];
type Performance = CreateInput['performances'][number];

async function createConcert(
  ctx: BenchContext,
  title: string,
  performance: Omit<Performance, 'startsAt'>,
  maxActive: number,
) {
  const now = Date.now();
  const concert = await ctx.admin.client.admin.createConcert.mutate({
    title,
    venue: 'Bench Venue',
    saleOpensAt: new Date(now - 60_000),
    maxActive,
    admitPerSecond: 10_000,
    performances: [{ startsAt: new Date(now + 30 * 86_400_000), ...performance }],
  });
  return { concertId: concert.concertId, performanceId: concert.performances[0]!.performanceId };
}

/** The old answer's bytes: every seat with its grade, price and status, as superjson sent it before venues. */
function perSeatListBytes(seats: number): number {
  const list = Array.from({ length: seats }, (_, i) => ({
    seatNo: i + 1,
    grade: i < seats * 0.2 ? 'VIP' : i < seats * 0.6 ? 'R' : 'S',
    price: i < seats * 0.2 ? 150_000 : i < seats * 0.6 ? 110_000 : 80_000,
    status: 'AVAILABLE',
  }));
  return Buffer.byteLength(`{"result":{"data":${superjson.stringify(list)}}}`);
}

export const venues: Scenario = {
  name: 'venues',
  title: 'Venues: availability bytes, and a crowd on one standing area',
  flags: {
    buyers: [1000, 'buyers holding one standing place each, at once'],
    capacity: [100, 'places in the standing area'],
  },
  async run(ctx): Promise<ScenarioResult> {
    const buyers = num(ctx, 'buyers');
    const capacity = num(ctx, 'capacity');

    ctx.log('venues: availability answers at 5,000 and 50,000 seats');
    const reader = await seedBuyers(ctx.backends.db, 1, {
      secret: ctx.sessionSecret,
      balance: 0,
      label: 'vr',
    });
    const sizes: { label: string; seats: number; bytes: number; layoutBytes: number; before: number }[] = [];
    for (const [label, performance, seats] of [
      ['5,000 seats (one section)', { seats: 5_000 }, 5_000],
      ['stadium template (50,000 seats, 6,000 standing)', { venue: { template: 'stadium' } }, 50_000],
    ] as const) {
      const { concertId, performanceId } = await createConcert(ctx, `Venues ${seats}`, performance, 10);
      const [token] = await admitAll(ctx.product, reader, concertId);
      const target = ctx.product.pick(0);
      const answer = await target.query(
        'concert.seats',
        { performanceId },
        { session: reader[0]!.session, queue: token },
      );
      const layout = await target.query('concert.layout', { performanceId }, {});
      sizes.push({
        label,
        seats,
        bytes: answer.bytes ?? 0,
        layoutBytes: layout.bytes ?? 0,
        before: perSeatListBytes(seats),
      });
    }

    ctx.log(`venues: ${buyers} buyers on a ${capacity}-place standing area`);
    const { concertId, performanceId } = await createConcert(
      ctx,
      'Venues standing',
      {
        venue: {
          sections: [
            {
              kind: 'SEATED',
              sectionId: 'A',
              name: 'Section A',
              x: 0,
              y: 0,
              width: 100,
              height: 20,
              grade: 'R',
              rows: [{ label: '1', count: 10 }],
            },
            {
              kind: 'STANDING',
              sectionId: 'PIT',
              name: 'Pit',
              x: 0,
              y: 40,
              width: 100,
              height: 60,
              grade: 'GA',
              capacity,
            },
          ],
        },
        prices: { R: 50_000, GA: 30_000 },
      },
      Math.max(buyers, 1),
    );
    const people = await seedBuyers(ctx.backends.db, buyers, {
      secret: ctx.sessionSecret,
      balance: 0,
      label: 'vs',
    });
    const tokens = await admitAll(ctx.product, people, concertId);
    const load = await runLoad({
      servers: ctx.product.pids,
      label: `reservation.hold ×${buyers}, one standing place each`,
      concurrency: buyers,
      requests: buyers,
      op: (w) =>
        ctx.product
          .pick(w)
          .mutate(
            'reservation.hold',
            { performanceId, standing: { sectionId: 'PIT', count: 1 } },
            { session: people[w]!.session, queue: tokens[w] },
          ),
    });
    const held = await ctx.backends.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM seats WHERE performance_id = $1 AND seat_no > 10 AND status = 'HELD'`,
      [performanceId],
    );
    const heldPlaces = Number(held.rows[0]?.n ?? 0);
    const [small, big] = sizes as [(typeof sizes)[0], (typeof sizes)[0]];
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    return {
      name: this.name,
      title: this.title,
      params: { buyers, capacity, servers: ctx.serverCount },
      measurements: [load],
      facts: {
        'availability bytes, 5,000 seats': small.bytes,
        'availability bytes, 50,000 seats': big.bytes,
        'per-seat list bytes, 5,000 seats (before)': small.before,
        'standing places held': heldPlaces,
        'hold outcomes': Object.entries(load.codes)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      },
      targets: [
        {
          name: 'Availability at 5,000 seats',
          goal: '≤ 8 KB',
          actual: kb(small.bytes),
          met: small.bytes <= 8 * 1024,
        },
        {
          name: 'Availability at 50,000 seats',
          goal: '≤ 40 KB',
          actual: kb(big.bytes),
          met: big.bytes <= 40 * 1024,
        },
        {
          name: `Standing area: exactly ${capacity} of ${buyers} held`,
          goal: String(capacity),
          actual: String(heldPlaces),
          met: heldPlaces === capacity && (load.codes.OK ?? 0) === capacity,
        },
      ],
      tables: [
        {
          title: 'Answer sizes',
          head: [
            'performance',
            'concert.seats now',
            'per-seat list before',
            'ratio',
            'concert.layout (once, cacheable)',
          ],
          rows: sizes.map((s) => [
            s.label,
            kb(s.bytes),
            kb(s.before),
            `${Math.round(s.before / s.bytes)}×`,
            kb(s.layoutBytes),
          ]),
        },
      ],
      notes: [
        'The "before" column is the per-seat list of the old concert.seats (seatNo, grade, price, status per seat) in superjson, computed for the same seat count.',
        `All ${buyers} holds are sent at once, buyer i to server i mod ${ctx.serverCount}; each standing place is one row, taken with FOR UPDATE SKIP LOCKED.`,
      ],
    };
  },
};
