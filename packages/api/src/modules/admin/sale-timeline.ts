/**
 * The operator's sale over time (docs/domain.md, "Operators"): every 10 s each open concert's room and sales are
 * sampled into `sale_samples`, shared by all servers. Every server runs the sampler; the row's key (concert, tick)
 * lets exactly one write each tick, and a server that finds the tick written skips the work. Rows older than a day
 * are deleted, so the table stays bounded. `admin.saleTimeline` reads the last N minutes.
 */
import type { Deps } from '../../deps.js';
import { listOpenQueues } from '../queue/queue.queries.js';
import { loadQueueSettings } from '../queue/queue-settings.js';
import { toWon } from '../wallet/money.js';
import { seatStats } from './admin.queries.js';
import type { SaleTimelineInput } from './admin.schema.js';

export const SAMPLE_SECONDS = 10;
const KEEP_MS = 24 * 60 * 60 * 1000;

/** The tick a moment belongs to: the 10 s boundary at or before it. */
export function sampleTick(now: Date): Date {
  const step = SAMPLE_SECONDS * 1000;
  return new Date(Math.floor(now.getTime() / step) * step);
}

/** One sample of every open concert for this tick, unless another server wrote it; returns how many this wrote. */
export async function sampleSales(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const tick = sampleTick(now);
  const open = await listOpenQueues(deps.db, now);
  let written = 0;
  for (const { id } of open) {
    const done = await deps.db
      .selectFrom('sale_samples')
      .select('concert_id')
      .where('concert_id', '=', id)
      .where('sampled_at', '=', tick)
      .executeTakeFirst();
    if (done) continue;
    const [counts, seats] = await Promise.all([deps.queue.counts(id, now), seatStats(deps.db, id, now)]);
    const row = await deps.db
      .insertInto('sale_samples')
      .values({
        concert_id: id,
        sampled_at: tick,
        waiting: counts.waiting,
        active: counts.active,
        admitted_last_minute: counts.admittedLastMinute,
        held_seats: seats.heldSeats,
        sold_seats: seats.soldSeats,
        revenue: seats.revenue,
      })
      .onConflict((oc) => oc.columns(['concert_id', 'sampled_at']).doNothing())
      .returning('concert_id')
      .executeTakeFirst();
    if (row) written++;
  }
  await deps.db
    .deleteFrom('sale_samples')
    .where('sampled_at', '<', new Date(now.getTime() - KEEP_MS))
    .execute();
  return written;
}

export async function saleTimeline(deps: Deps, input: SaleTimelineInput) {
  const { concertId } = await loadQueueSettings(deps, input.concertId);
  const now = deps.clock.now();
  const rows = await deps.db
    .selectFrom('sale_samples')
    .selectAll()
    .where('concert_id', '=', concertId)
    .where('sampled_at', '>', new Date(now.getTime() - input.minutes * 60_000))
    .orderBy('sampled_at')
    .execute();
  return {
    concertId,
    intervalSeconds: SAMPLE_SECONDS,
    asOf: now,
    samples: rows.map((r) => ({
      at: r.sampled_at,
      waiting: r.waiting,
      active: r.active,
      admittedPerMinute: r.admitted_last_minute,
      heldSeats: r.held_seats,
      soldSeats: r.sold_seats,
      revenue: toWon(r.revenue),
    })),
  };
}
