import { limitPerUserInProcedure } from '../../rate-limited.js';
import { authedProcedure, publicProcedure, router } from '../../trpc.js';
import { requireQueueToken } from './queue.guard.js';
import { ZJoinInput } from './queue.schema.js';
import { joinQueue, leaveQueue, queueStatus } from './queue.service.js';
import { watchQueue, watchTiming } from './queue.watch.js';

/** The token-only procedures: the token is the credential (x-queue-token, or the connection param for `watch`). */
const tokenProcedure = publicProcedure.use(({ ctx, next }) =>
  next({ ctx: { queueToken: requireQueueToken(ctx.queueToken) } }),
);

export const queueRouter = router({
  join: authedProcedure
    .use(limitPerUserInProcedure('queueJoinPerUser'))
    .input(ZJoinInput)
    .mutation(({ ctx, input }) => joinQueue(ctx.deps, ctx.user.id, input.concertId, ctx.limit)),
  status: tokenProcedure.query(({ ctx }) => queueStatus(ctx.deps, ctx.queueToken)),
  watch: tokenProcedure.subscription(({ ctx, signal }) =>
    watchQueue(ctx.deps, ctx.queueToken, signal, {
      ...watchTiming,
      exactMs: ctx.deps.config.queueWatchExactMs,
    }),
  ),
  // Leaving ends a turn, so it needs the owner's session as well as the token (the token alone only reads).
  leave: authedProcedure.mutation(({ ctx }) =>
    leaveQueue(ctx.deps, ctx.user.id, requireQueueToken(ctx.queueToken)),
  ),
});
