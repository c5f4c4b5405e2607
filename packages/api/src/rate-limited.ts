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

/** One point per call from the client's address; in-process callers, which have none, are not limited. */
export function limitPerAddress(name: RateLimitName) {
  return middleware(async ({ ctx, next }) => {
    if (ctx.clientAddress) await ctx.deps.limits.consume(name, ctx.clientAddress);
    return next();
  });
}
