import { limitPerUser } from '../../rate-limited.js';
import { authedProcedure, router } from '../../trpc.js';
import { ZChargeInput, ZPageInput } from './wallet.schema.js';
import { charge, getBalance, history } from './wallet.service.js';

export const walletRouter = router({
  balance: authedProcedure.query(({ ctx }) => getBalance(ctx.deps, ctx.user.id)),
  charge: authedProcedure
    .use(limitPerUser('chargePerUser'))
    .input(ZChargeInput)
    .mutation(({ ctx, input }) => charge(ctx.deps, ctx.user.id, input)),
  history: authedProcedure.input(ZPageInput).query(({ ctx, input }) => history(ctx.deps, ctx.user.id, input)),
});
