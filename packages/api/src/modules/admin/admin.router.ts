import { adminProcedure, router } from '../../trpc.js';
import { ZConcertId, ZCreateConcertInput } from '../concert/concert.schema.js';
import { ZConfigureQueueInput } from './admin.schema.js';
import { configureQueue } from './configure-queue.js';
import { createConcert } from './create-concert.js';
import { queueStats } from './queue-stats.js';
import { listLayoutTemplates } from '../venue/venue-templates.js';

/** The operator's procedures; their use cases live beside this file. */
export const adminRouter = router({
  createConcert: adminProcedure
    .input(ZCreateConcertInput)
    .mutation(({ ctx, input }) => createConcert(ctx.deps, input)),
  configureQueue: adminProcedure
    .input(ZConfigureQueueInput)
    .mutation(({ ctx, input }) => configureQueue(ctx.deps, input)),
  /** The venues an operator can start from, with their sections, grades, default prices and place counts. */
  layoutTemplates: adminProcedure.query(() => listLayoutTemplates()),
  stats: adminProcedure.input(ZConcertId).query(({ ctx, input }) => queueStats(ctx.deps, input.concertId)),
});
