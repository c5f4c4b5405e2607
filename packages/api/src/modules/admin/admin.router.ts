import { ZConcertId, ZCreateConcertInput } from '../concert/concert.schema.js';
import { createConcert } from '../concert/concert.service.js';
import { ZConfigureQueueInput } from '../queue/queue.schema.js';
import { configureQueue, queueStats } from '../queue/queue.service.js';
import { adminProcedure, router } from '../../trpc.js';

export const adminRouter = router({
  createConcert: adminProcedure
    .input(ZCreateConcertInput)
    .mutation(({ ctx, input }) => createConcert(ctx.deps, input)),
  configureQueue: adminProcedure
    .input(ZConfigureQueueInput)
    .mutation(({ ctx, input }) => configureQueue(ctx.deps, input)),
  stats: adminProcedure.input(ZConcertId).query(({ ctx, input }) => queueStats(ctx.deps, input.concertId)),
});
