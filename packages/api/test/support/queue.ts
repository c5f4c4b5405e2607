import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { signSessionToken } from '../../src/modules/auth/session.js';
import { assertQueueConcert } from '../../src/modules/queue/queue.guard.js';
import { queuedProcedure, router } from '../../src/trpc.js';
import { forceAdmit } from './force-admit.js';
import type { TestApp } from './harness.js';
import type { TestUser } from './factories.js';

/**
 * Joins `concertId`'s waiting room as `user` and admits them at once (whatever the rate), returning the ACTIVE queue
 * token. For tests of what lies behind the waiting room (seats, holds, payment).
 */
export async function admitUser(app: TestApp, user: TestUser, concertId: string): Promise<string> {
  const { token } = await app.caller({ sessionToken: user.sessionToken }).queue.join({ concertId });
  const info = await forceAdmit(app.deps, token, app.deps.clock.now());
  if (info?.status !== 'ACTIVE')
    throw new Error(`admitUser: token is ${info?.status ?? 'unknown'}, not ACTIVE`);
  return token;
}

/**
 * A signed-in buyer without a database row (sessions are self-contained), for tests that need hundreds of
 * waiting people: the waiting room never reads the users table.
 */
export function syntheticBuyer(secret: string, now: Date = new Date()): { id: string; sessionToken: string } {
  const id = randomUUID();
  const sessionToken = signSessionToken(
    { id, username: `q_${id.slice(0, 8)}`, role: 'BUYER' },
    secret,
    now,
    3600,
  );
  return { id, sessionToken };
}

/**
 * A one-procedure router behind `queuedProcedure`, for testing the guard over real HTTP on its own (mount it with
 * `createHttpContextFactory(deps)` next to a running server's deps).
 */
export const queueGuardProbeRouter = router({
  probe: queuedProcedure.input(z.object({ concertId: z.uuid() })).query(({ ctx, input }) => {
    assertQueueConcert(ctx.queue, input.concertId);
    return { ok: true, concertId: ctx.queue.concertId, userId: ctx.queue.userId };
  }),
});

/** The Redis keys of one concert's waiting room, for tests that watch the shared state from outside. */
export { queueKeys } from '../../src/modules/queue/redis-queue.engine.js';
