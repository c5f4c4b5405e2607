/**
 * Per-call limits as tRPC middleware, so a procedure shows its limit where it is declared and the use cases stay
 * about the domain. (The sign-in lockout is the exception: it counts failures, which only the use case sees, so it
 * lives in `auth.service.ts`.) The limit is spent before input validation, so malformed calls count too.
 */
import type { RateLimitName } from './rate-limits.js';
import { middleware } from './trpc.js';

/** One point per call from the signed-in user (place after `authedProcedure` or one built on it). */
export function limitPerUser(name: RateLimitName) {
  return middleware(async ({ ctx, next }) => {
    if (ctx.user) await ctx.deps.limits.consume(name, ctx.user.id);
    return next();
  });
}

/**
 * The same limit, with its verdict awaited by the use case (`ctx.limitSpent`) together with its first Redis call, so
 * the count's round trip is shared rather than added (issue 12: `queue.join`). The point is still spent first, in
 * the same order as `limitPerUser`, and a call over the limit still answers RATE_LIMITED whatever else it would
 * have answered (malformed input, an unknown concert): the middleware waits for the verdict after the procedure.
 * The use case must await `limitSpent` before it changes anything, or reads the database.
 */
export function limitPerUserAlongside(name: RateLimitName) {
  return middleware(async ({ ctx, next }) => {
    const limitSpent: Promise<unknown> = ctx.user
      ? ctx.deps.limits.consume(name, ctx.user.id)
      : Promise.resolve();
    // Marks the refusal handled until someone awaits it (the procedure may not get that far).
    limitSpent.catch(() => {});
    const result = await next({ ctx: { limitSpent } });
    await limitSpent;
    return result;
  });
}

/** One point per call from the client's address; in-process callers, which have none, are not limited. */
export function limitPerAddress(name: RateLimitName) {
  return middleware(async ({ ctx, next }) => {
    if (ctx.clientAddress) await ctx.deps.limits.consume(name, ctx.clientAddress);
    return next();
  });
}
