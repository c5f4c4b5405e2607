/**
 * A Redis Sentinel failover during admission (issue 18; README, "Redis that survives"): the server finds Redis
 * through a sentinel (REDIS_SENTINELS), buyers wait and shop, the primary is failed over to its replica, and every
 * buyer keeps their token and place; calls during the switch answer with a result or 503 SERVICE_UNAVAILABLE, never
 * a 500, and the waiting room answers again by itself. Skipped where redis-server cannot run a sentinel.
 */
import { makeBuyers, makeConcert, timeBudgetMs, waitUntil } from '@tix/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { faultEnv, summarise, unexpected, type Seen } from './support/fault-world.js';
import {
  redisServerAvailable,
  startPrivateRedis,
  startSentinel,
  type PrivateRedis,
  type PrivateSentinel,
} from '@tix/api/testing';
import { rawCall } from './support/raw-trpc.js';

describe.skipIf(!redisServerAvailable)(
  'a Sentinel failover during admission',
  { timeout: timeBudgetMs({ fixedMs: 60_000 }) },
  () => {
    let backends: SharedBackends;
    let primary: PrivateRedis;
    let replica: PrivateRedis;
    let sentinel: PrivateSentinel;
    let server: RunningServer;

    beforeAll(async () => {
      backends = await createSharedBackends();
      primary = await startPrivateRedis();
      replica = await startPrivateRedis({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
      sentinel = await startSentinel(primary.port);
      const { REDIS_URL: _unused, ...env } = backends.env;
      server = await startServer(
        parseEnv({
          ...env,
          ...faultEnv,
          REDIS_SENTINELS: `127.0.0.1:${sentinel.port}`,
          REDIS_SENTINEL_NAME: 'mymaster',
          PORT: '0',
          LOG_LEVEL: 'silent',
        }),
      );
    });
    afterAll(async () => {
      await server?.close();
      await sentinel?.stop();
      await replica?.close();
      await primary?.close();
      await backends?.cleanup();
    });

    it('keeps every token and place, and answers clearly while it switches', async () => {
      const concert = await makeConcert(server.deps);
      const buyers = await makeBuyers(server.deps, 8);
      const tokens: string[] = [];
      for (const b of buyers) {
        const joined = await rawCall(
          server.url,
          'mutation',
          'queue.join',
          { concertId: concert.concertId },
          {
            authorization: `Bearer ${b.sessionToken}`,
          },
        );
        tokens.push((joined.body.result!.data!.json as { token: string }).token);
      }
      const status = async (token: string): Promise<Seen & { view: unknown }> => {
        const started = performance.now();
        const r = await rawCall(server.url, 'query', 'queue.status', undefined, { 'x-queue-token': token });
        const data = r.body.error?.json?.data as { domainCode?: string; dependency?: string } | undefined;
        return {
          what: 'queue.status',
          status: r.status,
          domainCode: data?.domainCode ?? null,
          dependency: data?.dependency ?? null,
          retryAfter: r.headers.get('retry-after'),
          ms: Math.round(performance.now() - started),
          view: r.body.result?.data?.json,
        };
      };
      // The replica has every join before the switch (a failover loses at most what was not yet replicated).
      await waitUntil(
        'the replica has caught up',
        async () => Number(await primary.client.call('WAIT', '1', '500')) >= 1,
      );

      await sentinel.admin.call('SENTINEL', 'FAILOVER', 'mymaster');
      const seen: Seen[] = [];
      const started = Date.now();
      await waitUntil('the waiting room answers through the new primary', async () => {
        const round = await Promise.all(tokens.map(status));
        seen.push(...round);
        const role = (await replica.client.call('ROLE').catch(() => [''])) as [string];
        return role[0] === 'master' && round.every((s) => s.status === 200);
      });
      console.log(
        `${summarise('Sentinel failover during admission', seen)}\n  answering again after ${Date.now() - started} ms`,
      );
      expect(unexpected(seen)).toEqual([]);
      for (const s of seen.filter((x) => x.status === 503)) expect(s.dependency).toBe('redis');
      // Every token is still known (no QUEUE_TOKEN_INVALID): places and turns came across with the data.
      const after = await Promise.all(tokens.map(status));
      expect(after.map((s) => s.status)).toEqual(tokens.map(() => 200));
    });
  },
);
