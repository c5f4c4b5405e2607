import { limitPerAddress } from '../../rate-limited.js';
import { authedProcedure, publicProcedure, router } from '../../trpc.js';
import { ZCredentials, ZSignInInput } from './auth.schema.js';
import { issueStreamTicket, signIn, signUp } from './auth.service.js';

export const authRouter = router({
  signUp: publicProcedure
    .use(limitPerAddress('signUpPerAddress'))
    .input(ZCredentials)
    .mutation(({ ctx, input }) => signUp(ctx.deps, input)),
  signIn: publicProcedure
    .use(limitPerAddress('signInPerAddress'))
    .input(ZSignInInput)
    .mutation(({ ctx, input }) => signIn(ctx.deps, input, ctx.clientAddress)),
  me: authedProcedure.query(({ ctx }) => ({
    userId: ctx.user.id,
    username: ctx.user.username,
    role: ctx.user.role,
  })),
  /** A one-minute ticket that opens a subscription in place of the session (see session.ts). */
  streamTicket: authedProcedure.mutation(({ ctx }) => issueStreamTicket(ctx.deps, ctx.user)),
});
