import { publicProcedure, queuedProcedure, router } from '../../trpc.js';
import { assertQueueConcert } from '../queue/queue.guard.js';
import { readAvailability } from '../venue/availability.service.js';
import { requireVenue } from '../venue/venue.service.js';
import { searchConcerts } from './concert-search.service.js';
import { ZConcertId, ZConcertPage, ZListInput, ZPerformanceId, ZSearchInput } from './concert.schema.js';
import { getConcert, listConcerts, listDates, requirePerformance } from './concert.service.js';
import { watchSeatEvents } from './seat-events.js';

export const concertRouter = router({
  list: publicProcedure.input(ZListInput).query(({ ctx, input }) => listConcerts(ctx.deps, input)),
  search: publicProcedure
    .input(ZSearchInput)
    .output(ZConcertPage)
    .query(({ ctx, input }) => searchConcerts(ctx.deps, input)),
  get: publicProcedure.input(ZConcertId).query(({ ctx, input }) => getConcert(ctx.deps, input.concertId)),
  dates: publicProcedure.input(ZConcertId).query(({ ctx, input }) => listDates(ctx.deps, input.concertId)),
  /** Public and static: cacheable with the ETag `version` (apps/server answers conditional GETs at its edge). */
  layout: publicProcedure
    .input(ZPerformanceId)
    .query(async ({ ctx, input }) => (await requireVenue(ctx.deps, input.performanceId)).answer),
  seats: queuedProcedure.input(ZPerformanceId).query(async ({ ctx, input }) => {
    const performance = await requirePerformance(ctx.deps, input.performanceId);
    assertQueueConcert(ctx.queue, performance.concert_id);
    return readAvailability(ctx.deps, input.performanceId, ctx.user.id);
  }),
  seatEvents: queuedProcedure.input(ZPerformanceId).subscription(async function* ({ ctx, input, signal }) {
    const performance = await requirePerformance(ctx.deps, input.performanceId);
    assertQueueConcert(ctx.queue, performance.concert_id);
    yield* watchSeatEvents(ctx.deps, input.performanceId, ctx.user.id, signal);
  }),
});
