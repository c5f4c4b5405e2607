import { limitPerUser } from '../../rate-limited.js';
import { authedProcedure, router } from '../../trpc.js';
import { requireActiveQueue } from '../queue/queue.guard.js';
import { ZPaymentId, ZPayInput } from './payment.schema.js';
import { getPayment, pay } from './payment.service.js';

export const paymentRouter = router({
  // Not queuedProcedure: the idempotency key is checked before the queue token, which the first payment expires.
  pay: authedProcedure
    .use(limitPerUser('payPerUser'))
    .input(ZPayInput)
    .mutation(({ ctx, input }) =>
      pay(ctx.deps, ctx.user.id, input, () => requireActiveQueue(ctx.deps, ctx.user.id, ctx.queueToken)),
    ),
  get: authedProcedure
    .input(ZPaymentId)
    .query(({ ctx, input }) => getPayment(ctx.deps, ctx.user.id, input.paymentId)),
});
