import { adminProcedure, router } from '../../trpc.js';
import { ZConcertId, ZCreateConcertInput } from '../concert/concert.schema.js';
import { ZConfigureQueueInput } from './admin.schema.js';
import { configureQueue } from './configure-queue.js';
import { createConcert } from './create-concert.js';
import { queueStats } from './queue-stats.js';

/** The operator's procedures; their use cases live beside this file. */
export const adminRouter = router({
  createConcert: adminProcedure
    .input(ZCreateConcertInput)
    .mutation(({ ctx, input }) => createConcert(ctx.deps, input)),
  configureQueue: adminProcedure
    .input(ZConfigureQueueInput)
    .mutation(({ ctx, input }) => configureQueue(ctx.deps, input)),
  stats: adminProcedure.input(ZConcertId).query(({ ctx, input }) => queueStats(ctx.deps, input.concertId)),
});
