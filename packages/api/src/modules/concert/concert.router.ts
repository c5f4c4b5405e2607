import { publicProcedure, queuedProcedure, router } from '../../trpc.js';
import { assertQueueConcert } from '../queue/queue.guard.js';
import { searchConcerts } from './concert-search.service.js';
import { ZConcertId, ZConcertPage, ZListInput, ZPerformanceId, ZSearchInput } from './concert.schema.js';
import { getConcert, listConcerts, listDates, listSeatMap, requirePerformance } from './concert.service.js';
import { watchSeatEvents } from './seat-events.js';

export const concertRouter = router({
  list: publicProcedure.input(ZListInput).query(({ ctx, input }) => listConcerts(ctx.deps, input)),
  search: publicProcedure
    .input(ZSearchInput)
    .output(ZConcertPage)
    .query(({ ctx, input }) => searchConcerts(ctx.deps, input)),
  get: publicProcedure.input(ZConcertId).query(({ ctx, input }) => getConcert(ctx.deps, input.concertId)),
  dates: publicProcedure.input(ZConcertId).query(({ ctx, input }) => listDates(ctx.deps, input.concertId)),
  seats: queuedProcedure.input(ZPerformanceId).query(async ({ ctx, input }) => {
    const performance = await requirePerformance(ctx.deps, input.performanceId);
    assertQueueConcert(ctx.queue, performance.concert_id);
    return listSeatMap(ctx.deps, input.performanceId);
  }),
  seatEvents: queuedProcedure.input(ZPerformanceId).subscription(async function* ({ ctx, input, signal }) {
    const performance = await requirePerformance(ctx.deps, input.performanceId);
    assertQueueConcert(ctx.queue, performance.concert_id);
    yield* watchSeatEvents(ctx.deps, input.performanceId, signal);
  }),
});
