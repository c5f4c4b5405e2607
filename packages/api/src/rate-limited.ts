/**
 * Per-call limits as tRPC middleware, so a procedure shows its limit where it is declared and the use cases stay
 * about the domain. (The sign-in lockout is the exception: it counts failures, which only the use case sees, so it
 * lives in `auth.service.ts`.) The limit is spent before input validation, so malformed calls count too (with
 * `limitPerUserInProcedure`, afterwards, unless the use case spent it already).
 */
import type { ScriptedLimit } from './infra/rate-limit.js';
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
 * The call's point of one limit, which the use case may spend inside its own Redis script (issue 12: `queue.join`
 * costs one round trip fewer). Whatever happens, one point is spent per call, and a call over the limit answers
 * RATE_LIMITED whatever else it would have answered, as with `limitPerUser`.
 */
export interface LimitTicket {
  /** Spends the point through the limits' own store (once: later calls share the verdict); RATE_LIMITED when over. */
  spend(): Promise<void>;
  /** The counter, for a script of the same Redis connection to spend the point on; null once spent, or in memory. */
  scripted(): ScriptedLimit | null;
  /** Records that a script spent the point, with what it counted: throws RATE_LIMITED when over. */
  settle(consumed: number, msBeforeNext: number): void;
}

/**
 * `limitPerUser` whose point the use case spends (`ctx.limit`): in its own Redis script, or with `spend()` before it
 * reads the database or changes anything. A call that ends before either (malformed input, an unknown concert) has
 * its point spent here afterwards, and a refusal then replaces its answer.
 */
export function limitPerUserInProcedure(name: RateLimitName) {
  return middleware(async ({ ctx, next }) => {
    const user = ctx.user;
    let spent: Promise<void> | 'script' | null = user ? null : Promise.resolve();
    const limit: LimitTicket = {
      spend() {
        spent ??= ctx.deps.limits.consume(name, user!.id).then(() => {});
        return spent === 'script' ? Promise.resolve() : spent;
      },
      scripted() {
        return spent === null ? ctx.deps.limits.scripted(name, user!.id) : null;
      },
      settle(consumed, msBeforeNext) {
        spent = 'script';
        ctx.deps.limits.settle(name, user!.id, consumed, msBeforeNext);
      },
    };
    const result = await next({ ctx: { limit } });
    await limit.spend();
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
