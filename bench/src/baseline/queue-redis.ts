/**
 * The waiting room's Redis side driven straight through ioredis, with the product's own Lua scripts and key layout:
 * seeding a crowd fast (no HTTP), and the raw-Redis baselines for join and status, which send exactly the commands
 * the product sends for them (join: the join script; status: the read script; the counts are the estimator's, once a second).
 */
import type { Redis } from 'ioredis';
import type { Buyer } from '../env/seed.js';
import { runLoad, timed } from '../load/run.js';
import type { Measurement } from '../load/stats.js';
// The product's scripts and key names, so the baseline runs the same commands.
import {
  joinScript,
  newQueueToken,
  PRESENCE_TIMEOUT_MS,
  queueKeyNames,
  queueKeys,
  readScript,
} from '@tix/api';

type Script = (...args: Array<string | number>) => Promise<unknown>;

export interface RawQueue {
  /** Joins every buyer to the concert's room directly in Redis (as the join procedure would); returns tokens. */
  seed(concertId: string, userIds: string[]): Promise<string[]>;
  waitingCount(concertId: string): Promise<number>;
  /** Marks every token present (the status read script), as if each waiting user had just polled. */
  touch(tokens: string[]): Promise<void>;
  /** The join script for each buyer on `concertId` (a room of its own, so every join is a new place). */
  measureJoin(concertId: string, buyers: Buyer[], concurrency: number): Promise<Measurement>;
  /** The read script for random tokens, as `queue.status` sends it. */
  measureStatus(tokens: string[], concurrency: number, durationMs: number): Promise<Measurement>;
  /** Deletes a room's keys, so the admission job stops working through a crowd nobody will poll again. */
  drop(concertId: string): Promise<void>;
}

const ttlSeconds = 600;

export function createRawQueue(redis: Redis): RawQueue {
  const scripts = { benchJoin: joinScript, benchRead: readScript };
  for (const [name, lua] of Object.entries(scripts)) {
    redis.defineCommand(name, { numberOfKeys: queueKeyNames.length, lua });
  }
  const run = (name: keyof typeof scripts, concertId: string, ...args: Array<string | number>) =>
    (redis as unknown as Record<string, Script>)[name]!(...queueKeys(concertId), ...args);
  const join = (concertId: string, userId: string) =>
    run(
      'benchJoin',
      concertId,
      userId,
      newQueueToken(concertId),
      '',
      Date.now(),
      PRESENCE_TIMEOUT_MS,
      ttlSeconds,
    );
  const concertOf = (token: string) => token.slice(0, 36);

  return {
    async seed(concertId, userIds) {
      const tokens: string[] = [];
      // ioredis pipelines concurrent commands on one connection; a few thousand in flight is plenty.
      for (let i = 0; i < userIds.length; i += 2000) {
        const replies = await Promise.all(userIds.slice(i, i + 2000).map((id) => join(concertId, id)));
        for (const r of replies) tokens.push((r as [string])[0]);
      }
      return tokens;
    },
    async touch(tokens) {
      for (let i = 0; i < tokens.length; i += 2000) {
        const now = Date.now();
        await Promise.all(
          tokens
            .slice(i, i + 2000)
            .map((t) => run('benchRead', concertOf(t), t, now, PRESENCE_TIMEOUT_MS, 0)),
        );
      }
    },
    async waitingCount(concertId) {
      return redis.zcard(queueKeys(concertId)[0]!);
    },
    measureJoin(concertId, buyers, concurrency) {
      return runLoad({
        label: 'same Redis commands (join script)',
        role: 'baseline',
        concurrency,
        requests: buyers.length,
        op: (_w, k) =>
          timed(async () => {
            await join(concertId, buyers[k]!.id);
            return 'OK';
          }),
      });
    },
    measureStatus(tokens, concurrency, durationMs) {
      return runLoad({
        label: 'same Redis commands (status read script)',
        role: 'baseline',
        concurrency,
        durationMs,
        op: () =>
          timed(async () => {
            const token = tokens[Math.floor(Math.random() * tokens.length)]!;
            const now = Date.now();
            // As queue.status sends it: the read script alone (the room's counts are the estimator's, once a second).
            await run('benchRead', concertOf(token), token, now, PRESENCE_TIMEOUT_MS, 0);
            return 'OK';
          }),
      });
    },
    async drop(concertId) {
      await redis.del(...queueKeys(concertId));
    },
  };
}
